import { between, pick, seeded } from './random';
import type { PrimarySlot } from './union-shape';

const HEADER =
  'registration_number,organization_code,last_name,first_name,middle_name,birth_date,sex,phone,email,snils,category,position,joined_on,consent_version,bonus_consent,guardian_name';
const FEMALE = [['Иванова', 'Анна', 'Сергеевна'], ['Петрова', 'Мария', 'Ивановна'], ['Смирнова', 'Ольга', 'Петровна'], ['Кузнецова', 'Елена', 'Андреевна'], ['Попова', 'Наталья', 'Викторовна'], ['Соколова', 'Ирина', 'Николаевна']] as const;
const MALE = [['Иванов', 'Сергей', 'Петрович'], ['Петров', 'Андрей', 'Иванович'], ['Смирнов', 'Дмитрий', 'Олегович'], ['Кузнецов', 'Алексей', 'Сергеевич']] as const;
const POSITIONS = ['учитель', 'воспитатель', 'преподаватель', 'педагог дополнительного образования', 'методист'];

/** A valid SNILS for a serial (check number by the Pension Fund's rule), unique per serial. */
export function snilsFor(serial: number): string {
  const body = String(2_000_000 + serial).padStart(9, '0');
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const remainder = sum % 101;
  return `${body}${String(remainder === 100 ? 0 : remainder).padStart(2, '0')}`;
}

/** Letters for digits, so generated names stay names (the registry refuses digits in names). */
const spelled = (serial: number): string => [...String(serial)].map((digit) => 'абвгдежзик'[Number(digit)]).join('');

/**
 * The members file of a generated union, in chunks of rows: mostly working teachers, students of
 * universities and colleges, some pensioners; ages 18–75; admitted over the last twenty years.
 * Deterministic for a seed; every person is distinct (registration number, SNILS, patronymic).
 */
export async function* membersCsv(seed: number, primaries: readonly PrimarySlot[], chunkRows = 20_000): AsyncGenerator<string> {
  const random = seeded(seed);
  const year = new Date().getUTCFullYear();
  let serial = 0;
  let chunk: string[] = [HEADER];
  for (const primary of primaries) {
    for (let k = 0; k < primary.members; k += 1) {
      serial += 1;
      const female = random() < 0.8;
      const [last, first, middle] = female ? pick(random, FEMALE) : pick(random, MALE);
      const roll = random();
      const category = roll < 0.82 ? 'EMPLOYEE' : roll < 0.93 ? 'STUDENT' : roll < 0.98 ? 'NON_WORKING_PENSIONER' : 'TEMPORARILY_NOT_WORKING';
      const age = category === 'STUDENT' ? between(random, 20, 24) : category === 'NON_WORKING_PENSIONER' ? between(random, 56, 75) : between(random, 22, 64);
      const birthYear = year - age - 1;
      const birth = `${birthYear}-${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')}`;
      const joinedYear = Math.max(birthYear + 19, year - between(random, 0, 20));
      const joined = `${Math.min(joinedYear, year - 1)}-${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')}`;
      const phone = random() < 0.7 ? `+79${String(100_000_000 + (serial % 899_999_999)).slice(0, 9)}` : '';
      const snils = random() < 0.85 ? snilsFor(serial) : '';
      const position = category === 'EMPLOYEE' ? pick(random, POSITIONS) : '';
      chunk.push(
        `G${serial},${primary.code},${last},${first},${middle}${spelled(serial)},${birth},${female ? 'F' : 'M'},${phone},,${snils},${category},${position},${joined},2020-01,${random() < 0.3},`,
      );
      if (chunk.length >= chunkRows) {
        yield `${chunk.join('\n')}\n`;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield `${chunk.join('\n')}\n`;
}
