/**
 * The row checks in SQL, set-based: one pass over the staged text turns every row the rules
 * certainly accept into typed, normalized values. It is a fast path, not a second copy of the
 * rules: it accepts only values whose shape it can judge exactly (Latin and Cyrillic names, ASCII
 * phones, e-mails and SNILS, dates YYYY-MM-DD, text without stray white space) and leaves every
 * other row — bad or merely unusual — to the rules themselves (`checkRow`, i.e. admission's
 * `checkPersonFields` and `checkConsent`), which also word the report. So the rules and their
 * messages keep one definition; test/member-import-rules.test.ts checks that whatever this path
 * accepts the rules accept too, with the same normalized values.
 *
 * Every comparison here is `collate "C"` (the staging table's columns are): code points, not the
 * database's ICU or libc rules, so the path means the same on every server and costs no locale
 * calls.
 */
import { ExitKind } from '../../entities/member-enums';
import { ADULT_AGE, MAX_AGE, MIN_AGE } from '../person-fields';
import { MEMBER_IMPORT_COLUMNS, NULLABLE_CLEARED } from './columns';
import { withRecord } from './registry-checks';

/** Code point ranges of letters the fast path takes (all of them are \p{L}): Latin and Cyrillic. */
export const FAST_LETTERS: readonly (readonly [number, number])[] = [
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x24f],
  [0x400, 0x481],
  [0x48a, 0x52f],
];

/** What JavaScript's `\s` and `trim()` take for white space (ECMAScript WhiteSpace and LineTerminator). */
export const JS_WHITE_SPACE: readonly (readonly [number, number])[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

const hex = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;
/** A regex bracket body of code point ranges, written as \uXXXX escapes (standard_conforming_strings). */
const bracket = (ranges: readonly (readonly [number, number])[]): string =>
  ranges.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('');

const LETTER = bracket(FAST_LETTERS);
/** A name as NAME_PATTERN takes it, already clean: a letter first, single spaces between parts. */
const NAME = `^[${LETTER}][${LETTER}''.-]*( [${LETTER}''.-]+)*$`;
const REGISTRATION_NUMBER = `^[0-9${LETTER}./-]+$`;
/** EMAIL_PATTERN over printable ASCII without space or '@' in the parts. */
const EMAIL = '^[!-?A-~]+@[!-?A-~]+\\.[!-?A-~][!-?A-~]+$';

const CATEGORIES = `'EMPLOYEE', 'STUDENT', 'NON_WORKING_PENSIONER', 'TEMPORARILY_NOT_WORKING'`;
const FLAGS = `'true', 'false', 'TRUE', 'FALSE', 'True', 'False', '1', '0'`;
const TRUE_FLAGS = `'true', 'TRUE', 'True', '1'`;
const EXITS = Object.values(ExitKind)
  .map((kind) => `'${kind}'`)
  .join(', ');
/** A reason as `checkReason` keeps it: no white space to trim at either end (and at most 1000 UTF-16 units: bytes bound them). */
const TRIMMED = `^[${bracket(JS_WHITE_SPACE)}]|[${bracket(JS_WHITE_SPACE)}]$`;

const name = (value: string): string => `length(${value}) <= 100 and ${value} ~ '${NAME}'`;

/** A YYYYMMDD number that is a real calendar date (2026-02-30 is not). */
function calendarDate(n: string): string {
  const year = `${n} / 10000`;
  const month = `${n} / 100 % 100`;
  const leap = `case when (${year} % 4 = 0 and ${year} % 100 <> 0) or ${year} % 400 = 0 then 1 else 0 end`;
  return `${month} between 1 and 12
    and ${n} % 100 between 1 and case ${month} when 2 then 28 + ${leap} else 30 + (${month} + ${month} / 8) % 2 end`;
}

/** A YYYY-MM-DD text (its digits already known to be digits) as the number YYYYMMDD, null when it has another shape. */
const dateNumber = (value: string, digits: string): string =>
  `case when digits_ok and ${value} like '____-__-__' and length(${digits}) = 8 then ${digits}::int end`;

/** SNILS check digits (services/snils.ts) of the nine-digit body `b`, against the digits `d`. */
function snilsChecksum(b: string, d: string): string {
  const weighted = [9, 8, 7, 6, 5, 4, 3, 2, 1]
    .map((weight, index) => `${b} / ${10 ** (8 - index)} % 10 * ${weight}`)
    .join(' + ');
  return `(${b} <= 1001998 or (${weighted}) % 101 % 100 = substr(${d}, 10, 2)::int)`;
}

/** Whole years from birth to joining: YYYYMMDD numbers subtract to years × 10 000 + a day part. */
const AGE = '(joined_n - birth_n) / 10000';

/**
 * Per row, few calls: a regex call costs more than the arithmetic around it, so the digit-only
 * parts of dates, SNILS and phone are tested by one regex over them together, and the free texts
 * that must already be clean by one regex over them joined by a control character.
 */
const DERIVED = `
  replace(replace(replace(replace(nullif(r.phone, '-'), ' ', ''), '(', ''), ')', ''), '-', '') as phone_digits,
  replace(replace(nullif(r.snils, '-'), ' ', ''), '-', '') as snils_digits,
  replace(r.birth_date, '-', '') as birth_digits,
  replace(r.joined_on, '-', '') as joined_digits,
  replace(r.left_on, '-', '') as left_digits,
  replace(r.transferred_on, '-', '') as transferred_digits`;

/** The status columns, where a quoted empty cell ("") is as empty as an unquoted one. */
const MOVEMENT: readonly string[] = ['status', 'left_on', 'exit_reason', 'transferred_on'];

/**
 * The staged cells with a `-` in a clearable column read as an empty cell, and `cleared` naming
 * those columns (null when none, as `checkRow` has it); `bonus_consent` keeps its `-` (false).
 */
const CELLS = `r.ord, ${MEMBER_IMPORT_COLUMNS.map((column) => (NULLABLE_CLEARED.includes(column) ? `nullif(r.${column}, '-') as ${column}` : MOVEMENT.includes(column) ? `nullif(r.${column}, '') as ${column}` : `r.${column}`)).join(', ')},
  case when '-' in (${NULLABLE_CLEARED.map((column) => `r.${column}`).join(', ')})
       then array_remove(array[${NULLABLE_CLEARED.map((column) => `case when r.${column} = '-' then '${column}' end`).join(', ')}], null) end as cleared`;
const DIGITS_OK = `concat(birth_digits, joined_digits, snils_digits, left_digits, transferred_digits,
    case when phone_digits like '+%' then substr(phone_digits, 2) else phone_digits end) ~ '^[0-9]*$'`;
const CLEAN_OK = `concat(organization_code, E'\\x01', position, E'\\x01', consent_version, E'\\x01', guardian_name) !~ '(^|\\x01) | (\\x01|$)|  |[${bracket(JS_WHITE_SPACE.filter(([from]) => from !== 0x20))}]'`;

/** True when the fast path takes the row (never null: an unknown is a row for the rules). */
const ACCEPTED = `coalesce(
    (registration_number is null or (registration_number <> '-' and length(registration_number) <= 20 and registration_number ~ '${REGISTRATION_NUMBER}'))
    and (registration_number is not null or snils is not null)
    and clean_ok and organization_code <> '' and organization_code <> '-'
    and ${name('last_name')} and ${name('first_name')} and (middle_name is null or ${name('middle_name')})
    and ${calendarDate('birth_n')} and ${calendarDate('joined_n')} and joined_n <= $1::int
    and birth_n <= joined_n and ${AGE} between ${MIN_AGE} and ${MAX_AGE}
    and (sex is null or sex = 'M' or sex = 'F')
    and (phone is null or (digits_ok and (length(phone_digits) = 11 and left(phone_digits, 1) in ('7', '8')
                                          or length(phone_digits) = 12 and phone_digits like '+7%')))
    and (email is null or (length(email) <= 254 and strpos(email, '@') <= 65 and email ~ '${EMAIL}'))
    and (snils is null or (snils_body is not null and ${snilsChecksum('snils_body', 'snils_digits')}))
    and category in (${CATEGORIES})
    and (position is null or length(position) <= 200)
    and consent_version <> '' and consent_version <> '-' and length(consent_version) <= 20
    and (bonus_consent is null or bonus_consent = '-' or bonus_consent in (${FLAGS}))
    and (guardian_name is null or length(guardian_name) <= 300)
    and (${AGE} >= ${ADULT_AGE} or guardian_name <> '')
    and (status is null or status = 'ACTIVE' or status in (${EXITS}))
    and case when status in (${EXITS})
             then ${calendarDate('left_n')} and left_n <= $1::int and left_n >= joined_n and transferred_on is null
                  and (exit_reason is null or (exit_reason <> '' and exit_reason <> '-' and octet_length(exit_reason) <= 1000 and exit_reason !~ '${TRIMMED}'))
                  and (status <> '${ExitKind.EXCLUDED}' or exit_reason is not null)
             else left_on is null and exit_reason is null end
    and (transferred_on is null or (${calendarDate('transferred_n')} and transferred_n <= $1::int and transferred_n >= joined_n)),
  false)`;

/**
 * The statement that types the staged rows into `pg_temp.member_import_checked`: the rows the fast
 * path takes, normalized as the rules would (`valid`), and for every other row only its `ord`
 * (`valid` false, no values), for the rules to decide; each with its organization and registry
 * record ({@link withRecord}). $1 is today as the number YYYYMMDD.
 */
export function fastCheckSql(): string {
  // Names and free text as the registry holds them (the database's collation); codes compare by code point, as in the registry.
  const text = (column: string): string => `case when ok then ${column} end collate "default" as ${column}`;
  return `
    create temp table member_import_checked on commit drop as ${withRecord(`
    select ord, ok as valid,
           case when ok then registration_number end as registration_number, ${text('organization_code')}, ${text('last_name')}, ${text('first_name')},
           ${text('middle_name')},
           case when ok then make_date(birth_n / 10000, birth_n / 100 % 100, birth_n % 100) end as birth_date,
           case when ok then sex::char(1) end as sex,
           case when ok and phone is not null then case when phone_digits like '+%' then phone_digits else '+7' || substr(phone_digits, 2) end end
             collate "default" as phone,
           case when ok then lower(email) end collate "default" as email,
           case when ok then snils_digits::char(11) end as snils,
           ${text('category')},
           case when ok then nullif(position, '') end collate "default" as position,
           case when ok then make_date(joined_n / 10000, joined_n / 100 % 100, joined_n % 100) end as joined_on,
           ${text('consent_version')},
           case when ok then case when bonus_consent = '-' then false else bonus_consent in (${TRUE_FLAGS}) end end as bonus_consent,
           case when ok then nullif(guardian_name, '') end collate "default" as guardian_name,
           ${text('status')},
           case when ok then make_date(left_n / 10000, left_n / 100 % 100, left_n % 100) end as left_on,
           ${text('exit_reason')},
           case when ok then make_date(transferred_n / 10000, transferred_n / 100 % 100, transferred_n % 100) end as transferred_on,
           case when ok then cleared end as cleared
      from (select n.*, ${ACCEPTED} as ok
              from (select d.*, ${dateNumber('birth_date', 'birth_digits')} as birth_n, ${dateNumber('joined_on', 'joined_digits')} as joined_n,
                           ${dateNumber('left_on', 'left_digits')} as left_n, ${dateNumber('transferred_on', 'transferred_digits')} as transferred_n,
                           case when digits_ok and length(snils_digits) = 11 then left(snils_digits, 9)::int end as snils_body
                      from (select e.*, ${DIGITS_OK} as digits_ok, ${CLEAN_OK} as clean_ok
                              from (select ${CELLS}, ${DERIVED} from pg_temp.member_import_row r offset 0) e
                            offset 0) d
                    offset 0) n
            offset 0) c
     offset 0`)}`;
}
