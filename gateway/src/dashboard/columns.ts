import type { DashboardFiguresFragment } from '../sdk/graphql';

/**
 * The union's colour bands of its progress tables: a share above 90 % is green, above 80 %
 * light green, above 70 % yellow, the rest red. The page and the XLSX export colour with these.
 */
export const BANDS: readonly { above: number; colour: string; label: string }[] = [
  { above: 0.9, colour: '#2e7d32', label: 'выше 90 %' },
  { above: 0.8, colour: '#9ccc65', label: '80–90 %' },
  { above: 0.7, colour: '#fdd835', label: '70–80 %' },
  { above: -Infinity, colour: '#e53935', label: 'ниже 70 %' },
];

/** The band of a share 0..1, or null when the share is unknown (no reference figure). */
export function bandOf(ratio: number | null | undefined): (typeof BANDS)[number] | null {
  if (ratio == null) return null;
  return BANDS.find((band) => ratio > band.above) ?? null;
}

type Figures = DashboardFiguresFragment;
export type ColumnKind = 'count' | 'share';

/**
 * One column of the dashboard's table. `path` is where its value sits in a `DashboardFigures`
 * answer: the page (plain JavaScript) reads the same paths, so the table, the CSV and the XLSX
 * cannot disagree about what a column holds.
 */
export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  path: readonly string[];
  /** A chart of the children's bars can be drawn for this share. */
  chart?: { label: string; numerator: readonly string[]; denominator: readonly string[] | null };
}

export const COLUMNS: readonly Column[] = [
  { key: 'members', label: 'Членов в реестре', kind: 'count', path: ['members', 'numerator'] },
  { key: 'membersReported', label: 'Членов по отчёту', kind: 'count', path: ['members', 'denominator'] },
  {
    key: 'membersShare',
    label: 'Охват реестром',
    kind: 'share',
    path: ['members', 'ratio'],
    chart: {
      label: 'Члены: реестр против отчёта',
      numerator: ['members', 'numerator'],
      denominator: ['members', 'denominator'],
    },
  },
  {
    key: 'plasticShare',
    label: 'Пластиковые карты',
    kind: 'share',
    path: ['cards', 'plastic', 'ratio'],
    chart: {
      label: 'Пластиковые карты среди членов в реестре',
      numerator: ['cards', 'plastic', 'numerator'],
      denominator: ['cards', 'plastic', 'denominator'],
    },
  },
  {
    key: 'virtualShare',
    label: 'Виртуальные карты',
    kind: 'share',
    path: ['cards', 'virtual', 'ratio'],
    chart: {
      label: 'Виртуальные карты среди членов в реестре',
      numerator: ['cards', 'virtual', 'numerator'],
      denominator: ['cards', 'virtual', 'denominator'],
    },
  },
  { key: 'primaries', label: 'Первичных в реестре', kind: 'count', path: ['organizations', 'primary', 'numerator'] },
  {
    key: 'primariesReported',
    label: 'Первичных по отчёту',
    kind: 'count',
    path: ['organizations', 'primary', 'denominator'],
  },
  {
    key: 'primariesShare',
    label: 'Охват первичных',
    kind: 'share',
    path: ['organizations', 'primary', 'ratio'],
    chart: {
      label: 'Первичные организации: реестр против отчёта',
      numerator: ['organizations', 'primary', 'numerator'],
      denominator: ['organizations', 'primary', 'denominator'],
    },
  },
  {
    key: 'passports',
    label: 'Полнота паспортов',
    kind: 'share',
    path: ['completeness', 'passports'],
    chart: { label: 'Полнота паспортов организаций', numerator: ['completeness', 'passports'], denominator: null },
  },
  {
    key: 'memberRecords',
    label: 'Полнота учётных карточек',
    kind: 'share',
    path: ['completeness', 'memberRecords'],
    chart: {
      label: 'Полнота учётных карточек членов',
      numerator: ['completeness', 'memberRecords'],
      denominator: null,
    },
  },
];

/** The value at a column's path, or null where the answer has none (no report, no cards subgraph). */
export function valueAt(figures: Figures | null | undefined, path: readonly string[]): number | null {
  let value: unknown = figures;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' ? value : null;
}
