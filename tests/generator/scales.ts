/** Sizes of a generated union. `national` is the union's real size. */
export interface Scale {
  regions: number;
  territorial: number;
  primary: number;
  members: number;
  /** Share of primary organizations that sit straight under their region (universities). */
  primaryUnderRegion: number;
  /** Share of members holding an issued plastic card. */
  plasticShare: number;
  /** Members with an active virtual card (also enrolled in the bonus program). */
  virtualCards: number;
  /** Purchases reported by partners (the union's 2020 report: 16,280). */
  purchases: number;
}

export const SCALES = {
  tiny: {
    regions: 3,
    territorial: 6,
    primary: 30,
    members: 600,
    primaryUnderRegion: 0.1,
    plasticShare: 0.5,
    virtualCards: 20,
    purchases: 30,
  },
  small: {
    regions: 10,
    territorial: 60,
    primary: 600,
    members: 20_000,
    primaryUnderRegion: 0.05,
    plasticShare: 0.4,
    virtualCards: 300,
    purchases: 600,
  },
  medium: {
    regions: 30,
    territorial: 400,
    primary: 8_000,
    members: 300_000,
    primaryUnderRegion: 0.05,
    plasticShare: 0.4,
    virtualCards: 2_000,
    purchases: 4_000,
  },
  national: {
    regions: 80,
    territorial: 2_300,
    primary: 62_700,
    members: 3_900_000,
    primaryUnderRegion: 0.05,
    plasticShare: 0.4,
    virtualCards: 7_582,
    purchases: 16_280,
  },
} as const satisfies Record<string, Scale>;

export type ScaleName = keyof typeof SCALES;
export const isScaleName = (value: string): value is ScaleName => value in SCALES;
