/**
 * Set-based checks of the staged rows, for what needs the database: organization codes against
 * `ORGANIZATION_V1`, duplicates within the file, records already in the registry (by
 * registration number, else by active SNILS) and twins of active members. Each problem is a row of
 * `pg_temp.member_import_error`.
 */
import { ErrorCode } from '@registry/lib';
import type { Client } from 'pg';
import { ORGANIZATION_V1 } from '@registry/organizations/contract';
import { ExitKind } from '../../entities/member-enums';
import type { MemberImportError } from './outcome';
import { lineOf } from './staging';

const INSERT_ERROR = 'insert into pg_temp.member_import_error (ord, registration_number, field, error_code, message)';

/**
 * A row's full name lower-cased, the names joined by a control character: the same as lower-casing
 * them one by one (no letter's case depends on what is across a control character), in one call.
 */
const personName = (row: string): string =>
  `lower(concat(${row}.last_name, E'\\x01', ${row}.first_name, E'\\x01', ${row}.middle_name))`;

/** Members belong to active primary organizations (as in admission); checked for every row, the refused ones too. */
export async function checkOrganizations(client: Client): Promise<number> {
  const found = await client.query(
    `${INSERT_ERROR}
     select r.ord, r.registration_number, 'organization_code',
            case when o.id is null then $1 when o.level <> 'PRIMARY' then $2 else $3 end,
            case when o.id is null then format('no organization has the registry code %s', r.organization_code)
                 when o.level <> 'PRIMARY' then format('members belong to primary organizations; %s is %s', r.organization_code, o.level)
                 else format('organization %s is %s', r.organization_code, o.status) end
       from pg_temp.member_import_checked r
       left join ${ORGANIZATION_V1} o on o.code = r.organization_code
      where r.organization_code is not null and (o.id is null or o.level <> 'PRIMARY' or o.status <> 'ACTIVE')`,
    [ErrorCode.NOT_FOUND, ErrorCode.INVALID_HIERARCHY, ErrorCode.INVALID_STATE],
  );
  return found.rowCount ?? 0;
}

/**
 * The first well-formed row with a registration number, a SNILS or a person (full name and birth
 * date, the admission's twin rule) wins; later rows with the same one are reported, once each.
 * One pass hashes all three keys (grouping sets) and keeps only keys seen more than once; a person
 * is hashed as a 64-bit number of its lower-cased name (a hash table of a few million names would
 * not fit in memory), and the rows sharing one are compared exactly. Only rows carrying a repeated
 * key are looked at again: none, in a file without repeats.
 */
export async function checkDuplicatesInFile(client: Client): Promise<number> {
  const found = await client.query(
    `with repeated as (
       select registration_number, snils, person, birth_date, min(ord) as first,
              grouping(registration_number) = 0 as by_number, grouping(snils) = 0 as by_snils
         from (select ord, registration_number, snils, hashtextextended(${personName('c')}, 0) as person, birth_date
                 from pg_temp.member_import_checked c where valid) v
        group by grouping sets ((registration_number), (snils), (person, birth_date))
       having count(*) > 1 and (grouping(registration_number) = 1 or registration_number is not null)
          and (grouping(snils) = 1 or snils is not null)),
     same_person as (
       select ord, registration_number, min(ord) over (partition by ${personName('c')}, birth_date) as first
         from pg_temp.member_import_checked c
        where valid and birth_date in (select birth_date from repeated where person is not null)
          and (hashtextextended(${personName('c')}, 0), birth_date) in (select person, birth_date from repeated where person is not null)),
     later as (
       select v.ord, v.registration_number, 1 as rank, g.first
         from pg_temp.member_import_checked v join repeated g on g.by_number and g.registration_number = v.registration_number
        where v.valid and g.first < v.ord
       union all
       select v.ord, v.registration_number, 2, g.first
         from pg_temp.member_import_checked v join repeated g on g.by_snils and g.snils = v.snils
        where v.valid and g.first < v.ord
       union all
       select ord, registration_number, 3, first from same_person where first < ord)
     ${INSERT_ERROR}
     select distinct on (ord) ord, registration_number,
            case rank when 1 then 'registration_number' when 2 then 'snils' else 'last_name' end,
            case when rank < 3 then $1 else $2 end,
            case rank when 1 then format('registration number %s is already on line %s', registration_number, ${lineOf('first')})
                      when 2 then format('this SNILS is already on line %s', ${lineOf('first')})
                      else format('the same person (full name and birth date) is already on line %s', ${lineOf('first')}) end
       from later order by ord, rank`,
    [ErrorCode.ALREADY_EXISTS, ErrorCode.DUPLICATE_PERSON],
  );
  return found.rowCount ?? 0;
}

/** Columns {@link withRecord} adds to typed rows. */
export const MATCH_COLUMNS = [
  'organization_id',
  'is_new',
  'member_id',
  'member_registration_number',
  'member_status',
  'member_organization_id',
  'member_joined_on',
  'member_bonus_consent',
  'member_status_changed_on',
] as const;

const EXITS = Object.values(ExitKind)
  .map((kind) => `'${kind}'`)
  .join(', ');

/**
 * The typed rows of `source` (a SELECT) with their organization and the record each one is
 * about: by registration number when the row has one, else by the SNILS of an active member; a
 * new row gets its id here. Hash joins over the whole file, not a lookup per row.
 */
export const withRecord = (source: string): string => `
  select t.*, o.id as organization_id,
         coalesce(by_number.id, by_snils.id) is null as is_new,
         coalesce(by_number.id, by_snils.id, gen_random_uuid()) as member_id,
         coalesce(by_number.registration_number, by_snils.registration_number) as member_registration_number,
         coalesce(by_number.status, by_snils.status) as member_status,
         coalesce(by_number.organization_id, by_snils.organization_id) as member_organization_id,
         coalesce(by_number.joined_on, by_snils.joined_on) as member_joined_on,
         coalesce(by_number.bonus_consent, by_snils.bonus_consent) as member_bonus_consent,
         coalesce(by_number.status_changed_on, by_snils.status_changed_on) as member_status_changed_on
    from (${source}) t
    left join ${ORGANIZATION_V1} o on o.code = t.organization_code
    left join members.member by_number on by_number.registration_number = t.registration_number
    left join members.member by_snils on t.registration_number is null and by_snils.snils = t.snils and by_snils.status = 'ACTIVE'`;

/** Rows with a problem found so far are no longer candidates for the checks and writes that follow. */
export async function refuseRowsWithErrors(client: Client): Promise<void> {
  await client.query(
    `update pg_temp.member_import_checked c set valid = false from pg_temp.member_import_error e where e.ord = c.ord and c.valid`,
  );
}

/**
 * A row with an exit and a SNILS but no registration number is about the record that left on
 * that date with that status, once no active member has the SNILS ({@link withRecord} matches
 * active ones): so the same exits imported again find their records instead of admitting them
 * anew. Looked for only when the file has such rows (there is no index on SNILS of former members).
 */
export async function matchFormerMembers(client: Client): Promise<void> {
  const rows = `pg_temp.member_import_checked c where c.valid and c.is_new and c.registration_number is null and c.snils is not null and c.status in (${EXITS})`;
  const [any] = (await client.query<{ found: boolean }>(`select exists (select from ${rows}) as found`)).rows;
  if (!any?.found) return;
  await client.query(`
    update pg_temp.member_import_checked c
       set is_new = false, member_id = m.id, member_registration_number = m.registration_number, member_status = m.status,
           member_organization_id = m.organization_id, member_joined_on = m.joined_on, member_bonus_consent = m.bonus_consent,
           member_status_changed_on = m.status_changed_on
      from members.member m
     where c.valid and c.is_new and c.registration_number is null and c.status in (${EXITS})
       and m.snils = c.snils and m.status = c.status and m.status_changed_on = c.left_on`);
}

/**
 * What the registry forbids a row on its own: a record that is no longer active (unless the row
 * states the very exit it had), a different date of joining (history, not a list's business), an
 * exit or transfer dated before the member's current period began, an exit naming another
 * organization, and a twin of another active member — same SNILS, or same full name and birth
 * date, as admission refuses. Checked before the duplicates within the file, so a refused row
 * does not stand for its person there.
 */
export async function checkRecordsOfRows(client: Client, anyMatched: boolean, probeForTwins: boolean): Promise<number> {
  let found = 0;
  const [registry] = (await client.query<{ empty: boolean }>('select not exists (select from members.member) as empty'))
    .rows;
  if (registry?.empty) return 0;
  const insert = async (sql: string, params: unknown[]): Promise<void> => {
    found += (await client.query(sql, params)).rowCount ?? 0;
  };
  // Rows about records already in the registry: none in a first load.
  if (anyMatched) {
    await insert(
      `${INSERT_ERROR}
       select ord, registration_number, case when status in (${EXITS}) then 'status' else 'registration_number' end, $1,
              case when status in (${EXITS})
                   then format('member %s is %s since %s in the registry; the file says %s on %s', member_registration_number, member_status,
                               coalesce(to_char(member_status_changed_on, 'YYYY-MM-DD'), 'an unknown date'), status, to_char(left_on, 'YYYY-MM-DD'))
                   else format('member %s is %s in the registry; reinstate them before importing them again', member_registration_number, member_status) end
         from pg_temp.member_import_checked
        where valid and not is_new and member_status <> 'ACTIVE'
          and (status is distinct from member_status or left_on is distinct from member_status_changed_on)`,
      [ErrorCode.INVALID_STATE],
    );
    await insert(
      `${INSERT_ERROR}
       select ord, registration_number, 'joined_on', $1,
              format('member %s joined on %s by the registry; a date of joining is history, which an import does not rewrite',
                     member_registration_number, to_char(member_joined_on, 'YYYY-MM-DD'))
         from pg_temp.member_import_checked where valid and not is_new and member_joined_on <> joined_on`,
      [ErrorCode.BAD_USER_INPUT],
    );
    await insert(
      `${INSERT_ERROR}
       select c.ord, c.registration_number, 'organization_code', $1,
              format('expected %s, the organization of member %s, on a row with an exit (a transfer and an exit are two imports), got %s',
                     o.code, c.member_registration_number, c.organization_code)
         from pg_temp.member_import_checked c join ${ORGANIZATION_V1} o on o.id = c.member_organization_id
        where c.valid and not c.is_new and c.status in (${EXITS}) and c.organization_id <> c.member_organization_id`,
      [ErrorCode.BAD_USER_INPUT],
    );
    // As recordMemberExit and transferMember: never before the current period began.
    await insert(
      `${INSERT_ERROR}
       select c.ord, c.registration_number, case when c.left_on is not null then 'left_on' else 'transferred_on' end, $1,
              format('expected a date from %s (the start of the member''s current period) to today, got %s',
                     to_char(p.valid_from, 'YYYY-MM-DD'), to_char(coalesce(c.left_on, c.transferred_on), 'YYYY-MM-DD'))
         from pg_temp.member_import_checked c join members.membership_period p on p.member_id = c.member_id and p.valid_to is null
        where c.valid and not c.is_new and c.member_status = 'ACTIVE' and (c.left_on is not null or c.transferred_on is not null)
          and (c.left_on < p.valid_from or (c.transferred_on < p.valid_from and c.organization_id <> c.member_organization_id))`,
      [ErrorCode.BAD_USER_INPUT],
    );
  }
  await insert(
    `${twinsSql(probeForTwins)} ${INSERT_ERROR}
     select distinct on (ord) ord, registration_number, field, $1, format('this person is already an active member (registration number %s)', twin)
       from twins order by ord, rank`,
    [ErrorCode.DUPLICATE_PERSON],
  );
  return found;
}

/** Two rows about one record (the same member by number and by SNILS): the later ones are refused. */
export async function checkRowsAboutOneRecord(client: Client): Promise<number> {
  const found = await client.query(
    `${INSERT_ERROR}
     select ord, registration_number, 'registration_number', $1,
            format('line %s of the file is already about member %s', ${lineOf('first_ord')}, member_registration_number)
       from (select ord, registration_number, member_registration_number, min(ord) over (partition by member_id) as first_ord
               from pg_temp.member_import_checked where valid and not is_new) same
      where first_ord < ord`,
    [ErrorCode.ALREADY_EXISTS],
  );
  return found.rowCount ?? 0;
}

/**
 * A CTE `twins` (ord, registration_number, rank, field, twin): active members with a row's SNILS,
 * or its full name and birth date, other than the row's own record. One rule, two plans: a file
 * small beside the registry probes the SNILS and twin indexes once per row, so the cost follows
 * the file; a file about the registry's size hashes both sides once instead of a descent per row.
 */
function twinsSql(probe: boolean): string {
  if (probe) {
    return `with twins as (
       select c.ord, c.registration_number, 1 as rank, 'snils' as field, m.registration_number as twin
         from pg_temp.member_import_checked c
         cross join lateral (select m.registration_number from members.member m
                              where m.snils = c.snils and m.status = 'ACTIVE' and m.id <> c.member_id limit 1) m
        where c.valid and c.snils is not null
       union all
       select c.ord, c.registration_number, 2, 'last_name', m.registration_number
         from pg_temp.member_import_checked c
         cross join lateral (select m.registration_number from members.member m
                              where m.birth_date = c.birth_date and lower(m.last_name) = lower(c.last_name)
                                and lower(m.first_name) = lower(c.first_name)
                                and coalesce(lower(m.middle_name), '') = coalesce(lower(c.middle_name), '')
                                and m.status = 'ACTIVE' and m.id <> c.member_id limit 1) m
        where c.valid)`;
  }
  // People hashed to 64-bit keys on both sides; the few pairs that meet are then compared exactly.
  return `with people as materialized (
       select m.id, m.birth_date, hashtextextended(${personName('m')}, 0) as person from members.member m where m.status = 'ACTIVE'),
     rows as materialized (
       select c.ord, c.member_id, c.birth_date, hashtextextended(${personName('c')}, 0) as person
         from pg_temp.member_import_checked c where c.valid),
     pairs as materialized (
       select r.ord, p.id from rows r join people p on p.person = r.person and p.birth_date = r.birth_date and p.id <> r.member_id),
     twins as (
       select c.ord, c.registration_number, 1 as rank, 'snils' as field, m.registration_number as twin
         from pg_temp.member_import_checked c
         join members.member m on m.snils = c.snils and m.status = 'ACTIVE' and m.id <> c.member_id
        where c.valid
       union all
       select c.ord, c.registration_number, 2, 'last_name', m.registration_number
         from pairs
         join members.member m on m.id = pairs.id
         join pg_temp.member_import_checked c on c.ord = pairs.ord
        where lower(m.last_name) = lower(c.last_name) and lower(m.first_name) = lower(c.first_name)
          and coalesce(lower(m.middle_name), '') = coalesce(lower(c.middle_name), ''))`;
}

/** The problems the checks found, by line, in the order found. */
export async function databaseErrors(client: Client): Promise<MemberImportError[]> {
  const result = await client.query<{
    line: number;
    registration_number: string | null;
    field: string;
    error_code: string;
    message: string;
  }>(
    `select ${lineOf('ord')} as line, registration_number, field, error_code, message
       from pg_temp.member_import_error order by ord, id`,
  );
  return result.rows.map((row) => ({
    line: row.line,
    registrationNumber: row.registration_number,
    field: row.field,
    errorCode: row.error_code,
    message: row.message,
  }));
}
