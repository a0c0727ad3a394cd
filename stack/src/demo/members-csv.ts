import { between, pick, seeded } from './random';

/** A primary organization to fill and how many members it gets. */
export interface PrimarySlot {
  code: string;
  /** How many members this primary organization has in the generated registry. */
  members: number;
}

export interface MembersCsvOptions {
  /** Rows per yielded chunk (default 20,000). */
  chunkRows?: number;
  /**
   * The year ages and admissions count back from (default: this year). A fixed year makes the
   * file the same whenever it is generated.
   */
  year?: number;
  /** Earliest year of admission (default: twenty years before `year`). */
  joinedFrom?: number;
  /** Latest admission date, YYYY-MM-DD (default: the end of the year before `year`). */
  joinedUntil?: string;
  /** Share of students who are 16 or 17 and joined with a guardian's consent (default 0). */
  minorStudents?: number;
}

const HEADER =
  'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name';
const FEMALE = [
  ['Иванова', 'Анна', 'Сергеевна'],
  ['Петрова', 'Мария', 'Ивановна'],
  ['Смирнова', 'Ольга', 'Петровна'],
  ['Кузнецова', 'Елена', 'Андреевна'],
  ['Попова', 'Наталья', 'Викторовна'],
  ['Соколова', 'Ирина', 'Николаевна'],
] as const;
const MALE = [
  ['Иванов', 'Сергей', 'Петрович'],
  ['Петров', 'Андрей', 'Иванович'],
  ['Смирнов', 'Дмитрий', 'Олегович'],
  ['Кузнецов', 'Алексей', 'Сергеевич'],
] as const;
const POSITIONS = ['учитель', 'воспитатель', 'преподаватель', 'педагог дополнительного образования', 'методист'];

/** A valid SNILS for a serial (check number by the Pension Fund's rule), unique per serial. */
export function snilsFor(serial: number): string {
  const body = String(2_000_000 + serial).padStart(9, '0');
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const remainder = sum % 101;
  return `${body}${String(remainder === 100 ? 0 : remainder).padStart(2, '0')}`;
}

/** Letters for digits, so generated names stay names (the registry refuses digits in names). */
export const spelled = (serial: number): string =>
  [...String(serial)].map((digit) => 'абвгдежзик'[Number(digit)]).join('');

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * The members file of a generated union, in chunks of rows: mostly working teachers, students of
 * universities and colleges, some pensioners; ages 18–75 (16–17 for `minorStudents`, with a
 * guardian); admitted over the last twenty years or from `joinedFrom`. Deterministic for a seed
 * (and `year`); every person is distinct (registration number, SNILS, patronymic).
 */
export async function* membersCsv(
  seed: number,
  primaries: readonly PrimarySlot[],
  options: MembersCsvOptions = {},
): AsyncGenerator<string> {
  const {
    chunkRows = 20_000,
    year = new Date().getUTCFullYear(),
    joinedFrom,
    joinedUntil,
    minorStudents = 0,
  } = options;
  const random = seeded(seed);
  const [untilYear, untilMonth] = (joinedUntil ?? `${year - 1}-12-28`).split('-').map(Number);
  const lastYear = untilYear ?? year - 1;
  const lastMonth = untilMonth ?? 12;
  const span = year - (joinedFrom ?? year - 20);
  let serial = 0;
  let chunk: string[] = [HEADER];
  for (const primary of primaries) {
    for (let k = 0; k < primary.members; k += 1) {
      serial += 1;
      const female = random() < 0.8;
      const [last, first, middle] = female ? pick(random, FEMALE) : pick(random, MALE);
      const roll = random();
      const category =
        roll < 0.82
          ? 'EMPLOYEE'
          : roll < 0.93
            ? 'STUDENT'
            : roll < 0.98
              ? 'NON_WORKING_PENSIONER'
              : 'TEMPORARILY_NOT_WORKING';
      // Drawn only when asked for, so files without minors stay what they always were.
      const minor = category === 'STUDENT' && minorStudents > 0 && random() < minorStudents;
      const age = minor
        ? between(random, 16, 17)
        : category === 'STUDENT'
          ? between(random, 20, 24)
          : category === 'NON_WORKING_PENSIONER'
            ? between(random, 56, 75)
            : between(random, 22, 64);
      const birthYear = year - age - 1;
      const birth = `${birthYear}-${pad(between(random, 1, 12))}-${pad(between(random, 1, 28))}`;
      const joinedYear = Math.min(Math.max(birthYear + (minor ? 15 : 19), year - between(random, 0, span)), lastYear);
      const month = between(random, 1, 12);
      const joined = `${joinedYear}-${pad(joinedYear === lastYear ? Math.min(month, lastMonth) : month)}-${pad(between(random, 1, 28))}`;
      const phone = random() < 0.7 ? `+79${String(100_000_000 + (serial % 899_999_999)).slice(0, 9)}` : '';
      const snils = random() < 0.85 ? snilsFor(serial) : '';
      const position = category === 'EMPLOYEE' ? pick(random, POSITIONS) : '';
      const guardian = minor
        ? `${female ? MALE[serial % MALE.length]?.join(' ') : FEMALE[serial % FEMALE.length]?.join(' ')}`
        : '';
      chunk.push(
        `G${serial},${primary.code},${last},${first},${middle}${spelled(serial)},${birth},${female ? 'F' : 'M'},${phone},,${snils},${category},${position},${joined},2020-01,${random() < 0.3},${guardian}`,
      );
      if (chunk.length >= chunkRows) {
        yield `${chunk.join('\n')}\n`;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}
