import { FEDERAL_SUBJECTS } from '@registry/organizations';
import { between, pick, skewedShares } from './random';
import type { PrimarySlot } from './members-csv';
import type { Scale } from './scales';

export type { PrimarySlot } from './members-csv';

export interface UnionShape {
  /** The structure file, as the organizations import reads it. */
  organizationsCsv: string;
  regions: { code: string; members: number; primaries: number; territorials: number }[];
  primaries: PrimarySlot[];
}

const HEADER =
  'code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email';
const PRIMARY_KINDS = [
  ['SCHOOL', 'Средняя общеобразовательная школа'],
  ['SCHOOL', 'Гимназия'],
  ['PRESCHOOL', 'Детский сад'],
  ['PRESCHOOL', 'Детский сад'],
  ['VOCATIONAL', 'Колледж'],
  ['SUPPLEMENTARY_EDUCATION', 'Дом детского творчества'],
] as const;

const quote = (value: string | null): string =>
  value === null ? '' : /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/**
 * The union's tree at a scale: regions are real federal subjects; territorial and primary
 * organizations are spread with a skew (a few huge regions, many small primaries), and a few
 * primaries (universities) sit straight under their region.
 */
export function generateShape(random: () => number, scale: Scale): UnionShape {
  const lines = [
    HEADER,
    [
      '0',
      '',
      'CENTRAL',
      'Общероссийский Профсоюз образования',
      'Профсоюз образования',
      null,
      null,
      'Москва',
      null,
      null,
      null,
      null,
      null,
    ]
      .map(quote)
      .join(','),
  ];
  const subjects = FEDERAL_SUBJECTS.slice(0, scale.regions);
  const regionMembers = skewedShares(random, scale.members, subjects.length, 50, 1.0);
  const regionPrimaries = skewedShares(random, scale.primary, subjects.length, 3, 0.9);
  const regionTerritorials = skewedShares(random, scale.territorial, subjects.length, 1, 0.8);
  const primaries: PrimarySlot[] = [];
  const regions: UnionShape['regions'] = [];
  for (const [r, subject] of subjects.entries()) {
    const territorials = regionTerritorials[r] ?? 1;
    const primaryCount = regionPrimaries[r] ?? 3;
    regions.push({ code: subject.code, members: regionMembers[r] ?? 0, primaries: primaryCount, territorials });
    lines.push(
      [
        subject.code,
        '0',
        'REGIONAL',
        subject.organizationName,
        subject.organizationShortName,
        null,
        subject.code,
        subject.capital,
        null,
        null,
        null,
        null,
        null,
      ]
        .map(quote)
        .join(','),
    );
    const territorialCodes = Array.from(
      { length: territorials },
      (_, t) => `${subject.code}-${String(t + 1).padStart(3, '0')}`,
    );
    for (const [t, code] of territorialCodes.entries()) {
      lines.push(
        [
          code,
          subject.code,
          'TERRITORIAL',
          `Территориальная организация Профсоюза №${t + 1} (${subject.capital})`,
          null,
          null,
          subject.code,
          null,
          null,
          null,
          null,
          null,
          null,
        ]
          .map(quote)
          .join(','),
      );
    }
    const members = skewedShares(random, regionMembers[r] ?? 0, primaryCount, 1, 0.7);
    for (let p = 0; p < primaryCount; p += 1) {
      const underRegion = random() < scale.primaryUnderRegion;
      const parent = underRegion ? subject.code : pick(random, territorialCodes);
      const code = `${subject.code}-P${String(p + 1).padStart(5, '0')}`;
      const [type, title] = underRegion ? (['HIGHER_EDUCATION', 'Университет'] as const) : pick(random, PRIMARY_KINDS);
      lines.push(
        [
          code,
          parent,
          'PRIMARY',
          `ППО: ${title} №${between(random, 1, 300)} (${code})`,
          null,
          type,
          subject.code,
          null,
          null,
          null,
          null,
          null,
          null,
        ]
          .map(quote)
          .join(','),
      );
      primaries.push({ code, members: members[p] ?? 1 });
    }
  }
  return { organizationsCsv: lines.join('\n'), regions, primaries };
}
