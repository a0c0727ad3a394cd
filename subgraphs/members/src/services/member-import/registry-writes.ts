/**
 * Set-based writes of the checked rows: new members with their open period and IMPORTED event,
 * and one `member.imported` outbox row for them all; changed members updated (a changed
 * organization is a transfer on `transferred_on`, today by default); exits with their periods,
 * events and outbox events; identical rows are not touched, so importing the same file again
 * changes nothing.
 */
import type { Client } from 'pg';
import { ExitKind, MembershipEventKind } from '../../entities/member-enums';
import { EXIT_EVENTS } from '../membership.service';
import type { MemberEventType } from '../outbox';
import type { Header, MemberImportColumn } from './columns';
import { NULLABLE_CLEARED, UPDATABLE_COLUMNS } from './columns';

const IMPORTED: MemberEventType = 'member.imported';
const TRANSFERRED: MemberEventType = 'member.transferred';
const BONUS_WITHDRAWN: MemberEventType = 'member.bonus_consent_withdrawn';
/** Reason written on transfers an import makes. */
const IMPORT_REASON = 'import';

/**
 * New records, in file order: a registration number from the file or the sequence, the open
 * period from the date of joining and the IMPORTED event; one `member.imported` outbox row says
 * how many the import admitted. `largestNumber`: the largest new number in the sequence's shape.
 */
export async function createMembers(
  client: Client,
  actor: string | null,
  todayDate: string,
  largestNumber: string | null,
): Promise<number> {
  // Numbers the file brings in the sequence's own shape must not be handed out again later.
  if (largestNumber !== null) {
    await client.query(
      `select setval('members.registration_number_seq', $1::bigint) from members.registration_number_seq s where $1::bigint >= s.last_value`,
      [largestNumber],
    );
  }
  // Numbers from the sequence go to rows in file order. Only the rows' places are sorted for it: a
  // sort of the whole rows spilled to disk on the national list. Rows themselves need no order.
  await client.query(`
    create temp table member_import_number on commit drop as
    select ord, lpad(nextval('members.registration_number_seq')::text, 10, '0') collate "C" as registration_number
      from (select ord from pg_temp.member_import_checked where valid and is_new and registration_number is null order by ord) numbered`);
  const inserted = await client.query(
    `insert into members.member (id, registration_number, last_name, first_name, middle_name, birth_date, sex, phone, email,
       snils, category, position, organization_id, joined_on, consent_version, consent_given_on, bonus_consent, bonus_consent_on,
       guardian_name, guardian_consent_on)
     select c.member_id, coalesce(c.registration_number, n.registration_number),
            c.last_name, c.first_name, c.middle_name, c.birth_date, c.sex, c.phone, c.email, c.snils, c.category, c.position, c.organization_id,
            c.joined_on, c.consent_version, $1::date, coalesce(c.bonus_consent, false), case when c.bonus_consent then $1::date end,
            c.guardian_name, case when c.guardian_name is not null then $1::date end
       from pg_temp.member_import_checked c left join pg_temp.member_import_number n on n.ord = c.ord
      where c.valid and c.is_new`,
    [todayDate],
  );
  await client.query(
    `insert into members.membership_period (member_id, organization_id, valid_from)
     select member_id, organization_id, joined_on from pg_temp.member_import_checked where valid and is_new`,
  );
  await client.query(
    `insert into members.membership_event (member_id, kind, occurred_on, organization_id, actor)
     select member_id, $1, joined_on, organization_id, $2 from pg_temp.member_import_checked where valid and is_new`,
    [MembershipEventKind.IMPORTED, actor],
  );
  const created = inserted.rowCount ?? 0;
  // One event for the whole import: an outbox row per member cost as much as the member itself,
  // and consumers would page through millions of them (docs/events.md, member.imported).
  if (created > 0) {
    await client.query(
      `insert into members.outbox_event (type, aggregate_id, payload)
       select $1, id, jsonb_build_object('version', 1, 'importId', id, 'created', $2::int, 'occurredOn', $3::text, 'actor', $4::text, 'source', 'import')
         from (select gen_random_uuid() as id) import`,
      [IMPORTED, created, todayDate, actor],
    );
  }
  return created;
}

/**
 * A column's new value on an update: the file's value; for an empty cell the registry's, unless
 * the row cleared the field with `-` (`cleared`). Required fields are never empty in a valid row.
 */
function updatedValue(column: MemberImportColumn | 'organization_id'): string {
  if (column !== 'organization_id' && NULLABLE_CLEARED.includes(column)) {
    return `case when c.${column} is not null then c.${column} when '${column}' = any(c.cleared) then null else m.${column} end`;
  }
  return `coalesce(c.${column}, m.${column})`;
}

/**
 * Existing records whose data differ from the file. Only the file's columns are compared and
 * written (a column left out of the file, or an empty cell, keeps the registry's value; `-`
 * clears it). A new organization is a transfer on `transferred_on` (today when not given): the
 * open period closes, a new one opens, with its event and outbox row, as `transferMember` writes.
 * Consent dates follow the consents; withdrawing the bonus consent is announced as members do.
 */
export async function updateMembers(
  client: Client,
  header: Header,
  actor: string | null,
  todayDate: string,
): Promise<void> {
  const columns = [...UPDATABLE_COLUMNS.filter((column) => header.given.has(column)), 'organization_id' as const];
  const guardian = updatedValue('guardian_name');
  const consentDates = [
    `consent_given_on = case when m.consent_version is distinct from c.consent_version then $1::date else m.consent_given_on end`,
    ...(header.given.has('bonus_consent')
      ? [
          `bonus_consent_on = case when m.bonus_consent is distinct from ${updatedValue('bonus_consent')} then $1::date else m.bonus_consent_on end`,
        ]
      : []),
    ...(header.given.has('guardian_name')
      ? [
          `guardian_consent_on = case when ${guardian} is null then null when m.guardian_name is distinct from ${guardian} then $1::date else m.guardian_consent_on end`,
        ]
      : []),
  ];
  await client.query(
    `with changed as (
       update members.member m
          set ${columns.map((column) => `${column} = ${updatedValue(column)}`).join(', ')}, ${consentDates.join(', ')}, updated_at = now()
         from pg_temp.member_import_checked c
        where m.id = c.member_id and c.valid and not c.is_new
          and (${columns.map((column) => `m.${column}`).join(', ')}) is distinct from (${columns.map((column) => updatedValue(column)).join(', ')})
       returning m.id, c.ord, c.organization_id, c.member_organization_id, coalesce(c.member_bonus_consent and not c.bonus_consent, false) as withdrew,
                 coalesce(c.transferred_on, $1::date) as transferred_on)
     insert into pg_temp.member_import_updated (member_id, ord, organization_id, from_organization_id, withdrew_bonus, transferred_on)
     select id, ord, organization_id, member_organization_id, withdrew, transferred_on from changed`,
    [todayDate],
  );
  await recordTransfers(client, actor);
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select $1, member_id, jsonb_build_object('version', 1, 'memberId', member_id, 'occurredOn', $2::text, 'actor', $3::text)
       from pg_temp.member_import_updated where withdrew_bonus order by ord`,
    [BONUS_WITHDRAWN, todayDate, actor],
  );
}

/** Transfers of updated members to another organization on their dates: periods, events and outbox rows. */
async function recordTransfers(client: Client, actor: string | null): Promise<void> {
  const moved = 'from pg_temp.member_import_updated u where u.organization_id <> u.from_organization_id';
  // Closed before the new period opens: one open period per member is a unique index.
  await client.query(
    `update members.membership_period p set valid_to = u.transferred_on ${moved} and p.member_id = u.member_id and p.valid_to is null`,
  );
  await client.query(
    `insert into members.membership_period (member_id, organization_id, valid_from)
     select u.member_id, u.organization_id, u.transferred_on ${moved} order by u.ord`,
  );
  await client.query(
    `insert into members.membership_event (member_id, kind, occurred_on, organization_id, from_organization_id, reason, actor)
     select u.member_id, $1, u.transferred_on, u.organization_id, u.from_organization_id, $2, $3 ${moved} order by u.ord`,
    [MembershipEventKind.TRANSFERRED, IMPORT_REASON, actor],
  );
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select $1, u.member_id, jsonb_build_object('version', 1, 'memberId', u.member_id, 'organizationId', u.organization_id,
              'fromOrganizationId', u.from_organization_id, 'occurredOn', to_char(u.transferred_on, 'YYYY-MM-DD'), 'reason', $2::text, 'actor', $3::text)
       ${moved} order by u.ord`,
    [TRANSFERRED, IMPORT_REASON, actor],
  );
}

/** `case <status> when 'LEFT' then … end` over the exits, from the one table `recordMemberExit` uses. */
const byExit = (status: string, pick: (exit: (typeof EXIT_EVENTS)[ExitKind]) => string): string =>
  `case ${status} ${Object.values(ExitKind)
    .map((kind) => `when '${kind}' then '${pick(EXIT_EVENTS[kind])}'`)
    .join(' ')} end`;

/**
 * Exits of the rows with an exit status whose member is ACTIVE (a row stating the exit a record
 * already had changes nothing), as `recordMemberExit` writes them, one statement per step over
 * all of them: the status and its date, the open period closed on `left_on`, the event (kind,
 * date, reason, actor) and one outbox event per member (`member.left` …: the cards subgraph
 * revokes the member's cards on it). The organization tally follows by its statement trigger.
 */
export async function exitMembers(client: Client, actor: string | null): Promise<void> {
  await client.query(
    `with exited as (
       update members.member m set status = c.status, status_changed_on = c.left_on, updated_at = now()
         from pg_temp.member_import_checked c
        where m.id = c.member_id and c.valid and c.status in (${Object.values(ExitKind)
          .map((kind) => `'${kind}'`)
          .join(', ')}) and m.status = 'ACTIVE'
       returning m.id, c.ord, c.is_new, m.organization_id, c.status, c.left_on, c.exit_reason)
     insert into pg_temp.member_import_exited (member_id, ord, is_new, organization_id, status, left_on, exit_reason)
     select id, ord, is_new, organization_id, status, left_on, exit_reason from exited`,
  );
  await client.query(
    `update members.membership_period p set valid_to = e.left_on from pg_temp.member_import_exited e where p.member_id = e.member_id and p.valid_to is null`,
  );
  await client.query(
    `insert into members.membership_event (member_id, kind, occurred_on, organization_id, reason, actor)
     select member_id, ${byExit('status', (exit) => exit.kind)}, left_on, organization_id, exit_reason, $1
       from pg_temp.member_import_exited order by ord`,
    [actor],
  );
  await client.query(
    `insert into members.outbox_event (type, aggregate_id, payload)
     select ${byExit('status', (exit) => exit.type)}, member_id,
            jsonb_build_object('version', 1, 'memberId', member_id, 'organizationId', organization_id, 'occurredOn', to_char(left_on, 'YYYY-MM-DD'),
                               'reason', exit_reason, 'actor', $1::text)
       from pg_temp.member_import_exited order by ord`,
    [actor],
  );
}

/** Rows about existing records, and how many of those records the import changed (fields, transfer or exit). */
export async function countUpdates(client: Client): Promise<{ updated: number; unchanged: number }> {
  const [row] = (
    await client.query<{ matched: number; updated: number }>(
      `select (select count(*)::int from pg_temp.member_import_checked where valid and not is_new) as matched,
              (select count(*)::int from (select member_id from pg_temp.member_import_updated
                                          union select member_id from pg_temp.member_import_exited where not is_new) changed) as updated`,
    )
  ).rows;
  const updated = row?.updated ?? 0;
  return { updated, unchanged: (row?.matched ?? 0) - updated };
}
