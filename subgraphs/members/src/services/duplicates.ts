import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode } from '@registry/lib';
import { SUBTREE_V1 } from '@registry/organizations/contract';
import { Member } from '../entities/member';

export interface PersonKey {
  lastName: string;
  firstName: string;
  middleName?: string | null | undefined;
  birthDate: string;
  snils?: string | null | undefined;
}

export interface Twin {
  id: string;
  registration_number: string;
  status: string;
}

/** Statuses of a former member: a record that may be reinstated, never admitted again. */
const FORMER_STATUSES = ['LEFT', 'EXCLUDED', 'DECEASED'] as const;

/**
 * Records of the same person: same SNILS, or same full name and birth date. Active ones only, or
 * (`includeFormer`) former members too, active first, then the most recent exit. Merged records
 * are never twins: they are folded into the record kept.
 */
export async function findTwins(
  em: EntityManager,
  person: PersonKey,
  options: { exceptId?: string; includeFormer?: boolean } = {},
): Promise<Twin[]> {
  const statuses = options.includeFormer ? ['ACTIVE', ...FORMER_STATUSES] : ['ACTIVE'];
  return em.execute(
    `select id, registration_number, status from members.member
      where status = any(?::text[]) and id is distinct from ?::uuid
        and ((snils is not null and snils = ?)
          or (lower(last_name) = lower(?) and lower(first_name) = lower(?) and birth_date = ?::date
              and coalesce(lower(middle_name), '') = coalesce(lower(?), '')))
      order by status <> 'ACTIVE', status_changed_on desc nulls last, id`,
    [
      `{${statuses.join(',')}}`,
      options.exceptId ?? null,
      person.snils ?? null,
      person.lastName,
      person.firstName,
      person.birthDate,
      person.middleName ?? null,
    ],
  );
}

/** Active members that are the same person: same SNILS, or same full name and birth date. */
async function findActiveTwins(em: EntityManager, person: PersonKey, exceptId?: string): Promise<Twin[]> {
  return findTwins(em, person, exceptId ? { exceptId } : {});
}

/**
 * Serializes, until the transaction ends, every step that could make a person an active member
 * (application, admission, approval, reinstatement, correction of personal data), so of two
 * concurrent ones the second sees the first's record and is refused as a duplicate instead of
 * adding a twin (or hitting the SNILS unique index). The key is the SNILS when given, else the
 * full name and birth date, normalized as the duplicate checks compare them.
 */
export async function lockPerson(em: EntityManager, person: PersonKey): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [personLockKey(person)]);
}

/**
 * The person locks of several records (a merge's two), taken in key order so two merges of the
 * same people in opposite directions cannot deadlock; equal keys are taken once.
 */
export async function lockPersons(em: EntityManager, people: readonly PersonKey[]): Promise<void> {
  for (const key of [...new Set(people.map(personLockKey))].sort()) {
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
  }
}

function personLockKey(person: PersonKey): string {
  if (person.snils) return `members.person:snils:${person.snils}`;
  const name = [person.lastName, person.firstName, person.middleName ?? '']
    .map((part) => part.trim().toLowerCase())
    .join('|');
  return `members.person:name:${name}|${person.birthDate}`;
}

/** Refuses a second active record of a person already an active member, naming the record found. */
export async function assertNotAlreadyMember(em: EntityManager, person: PersonKey, exceptId?: string): Promise<void> {
  const [twin] = await findActiveTwins(em, person, exceptId);
  if (twin) throw duplicatePerson(twin);
}

/**
 * Refuses a new record (admission, approval of an application) of a person already on record,
 * active or former: a former member comes back through `reinstateMember`, which keeps one
 * registration number and one history, instead of a second record nobody would pair.
 */
export async function assertNotOnRecord(
  em: EntityManager,
  person: PersonKey,
  preferredId?: string | null,
): Promise<void> {
  const twins = await findTwins(em, person, { includeFormer: true });
  const active = twins.filter((twin) => twin.status === 'ACTIVE');
  const candidates = active.length > 0 ? active : twins;
  const twin = candidates.find((candidate) => candidate.id === preferredId) ?? candidates[0];
  if (twin) throw duplicatePerson(twin);
}

function duplicatePerson(twin: Twin, details: Record<string, unknown> = {}): DomainError {
  const found = { memberId: twin.id, registrationNumber: twin.registration_number, status: twin.status, ...details };
  if (twin.status === 'ACTIVE') {
    return new DomainError(
      ErrorCode.DUPLICATE_PERSON,
      `Expected a person not on record; this person is already an active member (registration number ${twin.registration_number})`,
      found,
    );
  }
  return new DomainError(
    ErrorCode.DUPLICATE_PERSON,
    `Expected a person not on record; this person is a former member (registration number ${twin.registration_number}, ${twin.status}): use reinstateMember on that record instead of admitting again`,
    { ...found, hint: 'reinstateMember' },
  );
}

/**
 * The duplicate rule over two rows `a` and `b` of `members.member`, as SQL: same SNILS, or same
 * last, first and middle name (two missing middle names match, a missing one and a given one do
 * not) and birth date. One definition for every check that pairs records (possibleDuplicates, the
 * merge's match), so they cannot drift apart.
 */
function samePerson(a: string, b: string): string {
  return `((${a}.snils is not null and ${a}.snils = ${b}.snils)
    or (lower(${a}.last_name) = lower(${b}.last_name) and lower(${a}.first_name) = lower(${b}.first_name)
        and lower(${a}.middle_name) is not distinct from lower(${b}.middle_name) and ${a}.birth_date = ${b}.birth_date))`;
}

/** Which rule pairs two rows: SNILS first, since it identifies a person where a name may not. */
function matchReason(a: string, b: string): string {
  return `case when ${a}.snils = ${b}.snils then 'SNILS' else 'NAME_AND_BIRTH_DATE' end`;
}

export type DuplicateMatch = 'SNILS' | 'NAME_AND_BIRTH_DATE';

/** Whether two records are one person by the duplicate rules, and by which; null when they are not. */
export async function duplicateMatch(
  em: EntityManager,
  firstId: string,
  secondId: string,
): Promise<DuplicateMatch | null> {
  const [row] = await em.execute<{ reason: DuplicateMatch }[]>(
    `select ${matchReason('a', 'b')} as reason
       from members.member a join members.member b on b.id = ?::uuid
      where a.id = ?::uuid and ${samePerson('a', 'b')}`,
    [secondId, firstId],
  );
  return row?.reason ?? null;
}

/**
 * Pairs of records that may be one person — two active ones, or (`includeFormer`, the default) an
 * active and a former one — at least one of them in `organizationId`'s subtree and both within the caller's MANAGE scope: an admin learns of a twin elsewhere in their
 * own subtree, never of a record they may not read. Same SNILS, or same last, first and middle
 * name (two missing middle names match, a missing one and a given one do not) and birth date.
 */
export async function findPossibleDuplicates(
  em: EntityManager,
  scope: Scope,
  organizationId: string,
  options: { includeFormer?: boolean } = {},
): Promise<{ first: Member; second: Member; reason: string }[]> {
  await scope.assertCovers(organizationId, Ability.MANAGE);
  const reachRoot = scope.rootOrNull(Ability.MANAGE);
  // A former member's record is paired with active ones (a re-admission under a new number is
  // what an admin most needs to see); two former records are not a duplicate worth listing.
  const statuses = `{${((options.includeFormer ?? true) ? ['ACTIVE', ...FORMER_STATUSES] : ['ACTIVE']).join(',')}}`;
  const rows = await em.execute<{ first_id: string; second_id: string; reason: string }[]>(
    `with asked as (
       select m.* from members.member m
       join ${SUBTREE_V1} s on s.descendant_id = m.organization_id and s.ancestor_id = ?
       where m.status = any(?::text[])),
     reachable as (
       select m.* from members.member m
       where m.status = any(?::text[])
         and (?::uuid is null or m.organization_id in (select descendant_id from ${SUBTREE_V1} where ancestor_id = ?::uuid)))
     select distinct least(a.id, b.id) as first_id, greatest(a.id, b.id) as second_id,
            ${matchReason('a', 'b')} as reason
       from asked a join reachable b on a.id <> b.id and (a.status = 'ACTIVE' or b.status = 'ACTIVE') and ${samePerson('a', 'b')}
      order by first_id, second_id
      limit 500`,
    [organizationId, statuses, statuses, reachRoot, reachRoot],
  );
  const members = await em.find(Member, { id: { $in: rows.flatMap((row) => [row.first_id, row.second_id]) } });
  const byId = new Map(members.map((member) => [member.id, member]));
  return rows.flatMap((row) => {
    const first = byId.get(row.first_id);
    const second = byId.get(row.second_id);
    return first && second ? [{ first, second, reason: row.reason }] : [];
  });
}
