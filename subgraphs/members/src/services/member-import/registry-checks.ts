/**
 * Set-based checks of the staged rows, for what needs the database: organization codes against
 * `organizations.organization_v1`, duplicates within the file, records already in the registry (by
 * registration number, else by active SNILS) and twins of active members. Each problem is a row of
 * `pg_temp.member_import_error`.
 */
import { ErrorCode } from '@registry/lib';
import type { Client } from 'pg';
import type { MemberImportError } from './outcome';

const INSERT_ERROR = 'insert into pg_temp.member_import_error (line, registration_number, field, error_code, message)';

/** Members belong to active primary organizations (as in admission); checked for every staged row. */
export async function checkOrganizations(client: Client): Promise<void> {
  await client.query(
    `${INSERT_ERROR}
     select r.line, r.registration_number, 'organization_code',
            case when o.id is null then $1 when o.level <> 'PRIMARY' then $2 else $3 end,
            case when o.id is null then format('no organization has the registry code %s', r.organization_code)
                 when o.level <> 'PRIMARY' then format('members belong to primary organizations; %s is %s', r.organization_code, o.level)
                 else format('organization %s is %s', r.organization_code, o.status) end
       from pg_temp.member_import_row r
       left join organizations.organization_v1 o on o.code = r.organization_code
      where r.organization_code is not null and (o.id is null or o.level <> 'PRIMARY' or o.status <> 'ACTIVE')`,
    [ErrorCode.NOT_FOUND, ErrorCode.INVALID_HIERARCHY, ErrorCode.INVALID_STATE],
  );
}

/**
 * The first well-formed row with a registration number, a SNILS or a person (full name and birth
 * date, the admission's twin rule) wins; later rows with the same one are reported, once each.
 * Partitions compare bytes (`collate "C"`): the database's ICU collation is deterministic, so
 * equality is the same, and sorting by bytes is several times cheaper than by ICU.
 */
export async function checkDuplicatesInFile(client: Client): Promise<void> {
  await client.query(
    `with keyed as (
       select line, registration_number,
              case when registration_number is not null then min(line) over (partition by registration_number collate "C") end as number_line,
              case when snils is not null then min(line) over (partition by snils collate "C") end as snils_line,
              min(line) over (partition by lower(last_name) collate "C", lower(first_name) collate "C",
                                           coalesce(lower(middle_name), '') collate "C", birth_date collate "C") as person_line
         from pg_temp.member_import_row where valid)
     ${INSERT_ERROR}
     select line, registration_number,
            case when number_line < line then 'registration_number' when snils_line < line then 'snils' else 'last_name' end,
            case when number_line < line or snils_line < line then $1 else $2 end,
            case when number_line < line then format('registration number %s is already on line %s', registration_number, number_line)
                 when snils_line < line then format('this SNILS is already on line %s', snils_line)
                 else format('the same person (full name and birth date) is already on line %s', person_line) end
       from keyed
      where number_line < line or snils_line < line or person_line < line`,
    [ErrorCode.ALREADY_EXISTS, ErrorCode.DUPLICATE_PERSON],
  );
}

/**
 * Rows that passed so far, typed, with the record each one is about: by registration number when
 * given, else by the SNILS of an active member. Hash joins, not a lookup per row.
 */
export async function matchRegistry(client: Client): Promise<void> {
  await client.query(`
    create temp table member_import_candidate on commit drop as
    select r.line, r.registration_number, o.id as organization_id,
           r.last_name, r.first_name, r.middle_name, r.birth_date::date as birth_date, r.sex::char(1) as sex, r.phone, r.email,
           r.snils::char(11) as snils, r.category, r.position, r.joined_on::date as joined_on, r.consent_version,
           r.bonus_consent::boolean as bonus_consent, r.guardian_name,
           coalesce(by_number.id, by_snils.id) is null as is_new,
           coalesce(by_number.id, by_snils.id, gen_random_uuid()) as member_id,
           coalesce(by_number.registration_number, by_snils.registration_number) as member_registration_number,
           coalesce(by_number.status, by_snils.status) as member_status,
           coalesce(by_number.organization_id, by_snils.organization_id) as member_organization_id,
           coalesce(by_number.joined_on, by_snils.joined_on) as member_joined_on,
           coalesce(by_number.bonus_consent, by_snils.bonus_consent) as member_bonus_consent
      from pg_temp.member_import_row r
      join organizations.organization_v1 o on o.code = r.organization_code
      left join members.member by_number on by_number.registration_number = r.registration_number
      left join members.member by_snils
        on r.registration_number is null and by_snils.snils = r.snils::char(11) and by_snils.status = 'ACTIVE'
     where r.valid and not exists (select from pg_temp.member_import_error e where e.line = r.line)`);
  await client.query('analyze pg_temp.member_import_candidate');
}

/**
 * What the registry forbids: two rows about one record, a record that is no longer active, a
 * different date of joining (history, not a list's business), and a twin of another active
 * member — same SNILS, or same full name and birth date, as admission refuses.
 */
export async function checkAgainstRegistry(client: Client): Promise<void> {
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'registration_number', $1,
            format('line %s of the file is already about member %s', first_line, member_registration_number)
       from (select line, registration_number, member_registration_number, min(line) over (partition by member_id) as first_line
               from pg_temp.member_import_candidate where not is_new) same
      where first_line < line`,
    [ErrorCode.ALREADY_EXISTS],
  );
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'registration_number', $1,
            format('member %s is %s in the registry; reinstate them before importing them again', member_registration_number, member_status)
       from pg_temp.member_import_candidate where not is_new and member_status <> 'ACTIVE'`,
    [ErrorCode.INVALID_STATE],
  );
  await client.query(
    `${INSERT_ERROR}
     select line, registration_number, 'joined_on', $1,
            format('member %s joined on %s by the registry; a date of joining is history, which an import does not rewrite',
                   member_registration_number, to_char(member_joined_on, 'YYYY-MM-DD'))
       from pg_temp.member_import_candidate where not is_new and member_joined_on <> joined_on`,
    [ErrorCode.BAD_USER_INPUT],
  );
  await client.query(
    `with twins as (
       select c.line, c.registration_number, 1 as rank, 'snils' as field, m.registration_number as twin
         from pg_temp.member_import_candidate c
         join members.member m on m.snils = c.snils and m.status = 'ACTIVE' and m.id <> c.member_id
       union all
       select c.line, c.registration_number, 2, 'last_name', m.registration_number
         from pg_temp.member_import_candidate c
         join members.member m
           on lower(m.last_name) = lower(c.last_name) and lower(m.first_name) = lower(c.first_name) and m.birth_date = c.birth_date
          and coalesce(lower(m.middle_name), '') = coalesce(lower(c.middle_name), '') and m.status = 'ACTIVE' and m.id <> c.member_id)
     ${INSERT_ERROR}
     select distinct on (line) line, registration_number, field, $1,
            format('this person is already an active member (registration number %s)', twin)
       from twins order by line, rank`,
    [ErrorCode.DUPLICATE_PERSON],
  );
}

/** The problems the checks found, by line. */
export async function databaseErrors(client: Client): Promise<MemberImportError[]> {
  const result = await client.query<{ line: number; registration_number: string | null; field: string; error_code: string; message: string }>(
    'select line, registration_number, field, error_code, message from pg_temp.member_import_error order by line',
  );
  return result.rows.map((row) => ({
    line: row.line,
    registrationNumber: row.registration_number,
    field: row.field,
    errorCode: row.error_code,
    message: row.message,
  }));
}
