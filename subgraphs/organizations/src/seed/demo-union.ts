import type { EntityManager } from '@mikro-orm/postgresql';
import { anonymous } from '@registry/lib';
import { Organization } from '../entities/organization';
import { importOrganizations } from '../services/organization-import';
import { FEDERAL_SUBJECTS } from '../services/federal-subjects';

/** Deterministic check digits, so demo INNs and OGRNs pass the same validation as real ones. */
function innFor(serial: number): string {
  const base = String(7700000000 + serial).slice(0, 9);
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (weights.reduce((sum, w, i) => sum + w * Number(base[i]), 0) % 11) % 10;
  return `${base}${check}`;
}

function ogrnFor(serial: number): string {
  const base = String(102770000000 + serial);
  return `${base}${Number((BigInt(base) % 11n) % 10n)}`;
}

const PRIMARY_KINDS = [
  ['SCHOOL', 'Средняя общеобразовательная школа №'],
  ['PRESCHOOL', 'Детский сад №'],
  ['VOCATIONAL', 'Колледж №'],
] as const;

/**
 * The demo union of `npm start`: the central council, one regional organization per real
 * federal subject, and a few territorial and primary organizations in each, loaded through the
 * same CSV import the union uses. Returns the number of rows it loaded (0 when already there).
 */
export async function seedDemoUnion(em: EntityManager): Promise<number> {
  // Demo data goes only into an empty registry, never on top of real data.
  if ((await em.count(Organization, {})) > 0) return 0;
  const header =
    'code,parent_code,level,name,short_name,primary_type,subject_code,address,inn,ogrn,chair_name,chair_phone,chair_email';
  const lines = [header];
  let serial = 0;
  const row = (cells: (string | null)[]): void => {
    serial += 1;
    lines.push(cells.map((cell) => (cell === null ? '' : `"${cell.replace(/"/g, '""')}"`)).join(','));
  };
  row([
    '0',
    null,
    'CENTRAL',
    'Общероссийский Профсоюз образования',
    'Профсоюз образования',
    null,
    null,
    'Москва, Ленинский проспект, 42',
    innFor(0),
    ogrnFor(0),
    'Председатель Профсоюза',
    '+74959381234',
    'info@eseur.ru',
  ]);
  for (const subject of FEDERAL_SUBJECTS) {
    row([
      subject.code,
      '0',
      'REGIONAL',
      subject.organizationName,
      subject.organizationShortName,
      null,
      subject.code,
      `${subject.capital}, ул. Ленина, 1`,
      innFor(serial),
      ogrnFor(serial),
      null,
      null,
      null,
    ]);
    for (const [t, district] of [subject.capital, 'районная'].entries()) {
      const territorialCode = `${subject.code}-${String(t + 1).padStart(3, '0')}`;
      const name = t === 0 ? `Городская организация Профсоюза г. ${district}` : `Районная организация Профсоюза №${t}`;
      row([
        territorialCode,
        subject.code,
        'TERRITORIAL',
        name,
        null,
        null,
        subject.code,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      for (const [p, [type, title]] of PRIMARY_KINDS.entries()) {
        row([
          `${territorialCode}-${String(p + 1).padStart(4, '0')}`,
          territorialCode,
          'PRIMARY',
          `Первичная профсоюзная организация: ${title} ${p + 1}`,
          null,
          type,
          subject.code,
          null,
          p === 0 ? innFor(serial) : null,
          null,
          null,
          null,
          null,
        ]);
      }
    }
  }
  const outcome = await importOrganizations(em, anonymous, lines.join('\n'));
  if (outcome.errors.length > 0) {
    throw new Error(`The demo union did not load cleanly: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  }
  return outcome.created;
}
