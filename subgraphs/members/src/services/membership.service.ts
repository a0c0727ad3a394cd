import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import {
  Ability,
  assertNoProblems,
  DomainError,
  ErrorCode,
  isCalendarDate,
  isUuid,
  notFound,
  today,
} from '@registry/lib';
import { Member } from '../entities/member';
import { ExitKind, MemberStatus, MembershipEventKind } from '../entities/member-enums';
import { MembershipEvent } from '../entities/membership-event';
import type { ConsentInput } from './consent';
import { checkConsent } from './consent';
import { assertNotAlreadyMember, assertNotOnRecord, duplicateMatch, lockPerson, lockPersons } from './duplicates';
import { requirePrimaryOrganization } from './organization-directory';
import type { MemberEventType } from './outbox';
import { recordOutboxEvent } from './outbox';
import type { PersonFields, PersonInput } from './person-fields';
import { checkPersonFields } from './person-fields';

export interface NewMember extends PersonInput, ConsentInput {
  organizationId: string;
  joinedOn?: string | null | undefined;
}

export interface Movement {
  date?: string | null | undefined;
  reason?: string | null | undefined;
}

/** What each exit writes: the event kind, the member's status and the outbox event (also the members import's exits). */
export const EXIT_EVENTS: Record<ExitKind, { kind: MembershipEventKind; status: MemberStatus; type: MemberEventType }> =
  {
    [ExitKind.LEFT]: { kind: MembershipEventKind.LEFT, status: MemberStatus.LEFT, type: 'member.left' },
    [ExitKind.EXCLUDED]: { kind: MembershipEventKind.EXCLUDED, status: MemberStatus.EXCLUDED, type: 'member.excluded' },
    [ExitKind.DECEASED]: { kind: MembershipEventKind.DECEASED, status: MemberStatus.DECEASED, type: 'member.deceased' },
  };

// A membership's life: admission, transfer, exit, reinstatement, merging duplicates. Every
// operation is one transaction writing the record, its history (event and period) and the outbox
// event. Each checks the request's scope before anything else about the records it touches, so a
// refusal tells an outsider nothing of their state; a step touching two organizations or two
// records needs MANAGE over both (docs/security.md, "Movements between subtrees").

/** Manual entry by an admin of the organization's subtree. */
export async function enterMember(em: EntityManager, scope: Scope, input: NewMember): Promise<Member> {
  return em.transactional(async (em) => {
    await requirePrimaryOrganization(em, input.organizationId, 'organizationId');
    await scope.assertCovers(input.organizationId, Ability.MANAGE);
    return admitMember(em, input, scope.viewer.subject);
  });
}

export async function transferMember(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  toOrganizationId: string,
  movement: Movement,
): Promise<Member> {
  return em.transactional(async (em) => {
    const member = await lockMember(em, memberId);
    await scope.assertCoversAll([member.organizationId, toOrganizationId], Ability.MANAGE);
    requireStatus(member, MemberStatus.ACTIVE);
    if (toOrganizationId === member.organizationId) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        'toOrganizationId: the member already belongs to this organization',
        {
          field: 'toOrganizationId',
        },
      );
    }
    await requirePrimaryOrganization(em, toOrganizationId, 'toOrganizationId');
    const date = await movementDate(em, member, movement.date);
    const from = member.organizationId;
    await closePeriod(em, member.id, date);
    await openPeriod(em, member.id, toOrganizationId, date);
    member.organizationId = toOrganizationId;
    const reason = checkReason(movement.reason, false);
    recordMembershipEvent(em, scope, member, MembershipEventKind.TRANSFERRED, date, reason, { from });
    await recordOutboxEvent(em, 'member.transferred', member.id, {
      memberId: member.id,
      organizationId: toOrganizationId,
      fromOrganizationId: from,
      occurredOn: date,
      reason,
      actor: scope.viewer.subject,
    });
    return member;
  });
}

export async function recordMemberExit(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  kind: ExitKind,
  movement: Movement,
  options: { self?: boolean } = {},
): Promise<Member> {
  return em.transactional(async (em) => {
    const member = await lockMember(em, memberId);
    if (!options.self) await scope.assertCovers(member.organizationId, Ability.MANAGE);
    requireStatus(member, MemberStatus.ACTIVE);
    const date = await movementDate(em, member, movement.date);
    const reason = checkReason(movement.reason, kind === ExitKind.EXCLUDED);
    const outcome = EXIT_EVENTS[kind];
    await closePeriod(em, member.id, date);
    member.status = outcome.status;
    member.statusChangedOn = date;
    recordMembershipEvent(em, scope, member, outcome.kind, date, reason);
    await recordOutboxEvent(em, outcome.type, member.id, {
      memberId: member.id,
      organizationId: member.organizationId,
      occurredOn: date,
      reason,
      actor: scope.viewer.subject,
    });
    return member;
  });
}

export async function reinstateMember(
  em: EntityManager,
  scope: Scope,
  memberId: string,
  movement: Movement & { organizationId?: string | null | undefined },
): Promise<Member> {
  return em.transactional(async (em) => {
    const member = await lockMember(em, memberId);
    const organizationId = movement.organizationId ?? member.organizationId;
    // The record comes back from its last organization into the target: both are acted on.
    await scope.assertCoversAll([member.organizationId, organizationId], Ability.MANAGE);
    if (member.status !== MemberStatus.LEFT && member.status !== MemberStatus.EXCLUDED) {
      throw new DomainError(
        ErrorCode.INVALID_STATE,
        `Only members who left or were excluded are reinstated; this one is ${member.status}`,
        {
          status: member.status,
        },
      );
    }
    await requirePrimaryOrganization(em, organizationId, 'organizationId');
    // Coming back makes the person active again: serialized with admissions of the same person.
    await lockPerson(em, member);
    await assertNotAlreadyMember(em, member, member.id);
    const date = movement.date ?? today();
    if (!isCalendarDate(date) || date > today() || (member.statusChangedOn !== null && date < member.statusChangedOn)) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        `date: expected a date from ${member.statusChangedOn} to today, got ${JSON.stringify(date)}`,
        {
          field: 'date',
        },
      );
    }
    await openPeriod(em, member.id, organizationId, date);
    member.organizationId = organizationId;
    member.status = MemberStatus.ACTIVE;
    member.statusChangedOn = date;
    const reason = checkReason(movement.reason, false);
    recordMembershipEvent(em, scope, member, MembershipEventKind.REINSTATED, date, reason);
    await recordOutboxEvent(em, 'member.reinstated', member.id, {
      memberId: member.id,
      organizationId,
      occurredOn: date,
      reason,
      actor: scope.viewer.subject,
    });
    return member;
  });
}

/**
 * Folds a duplicate record into the one kept: the duplicate stops counting (its open period
 * closes today) and keeps its own history plus a MERGED event naming the kept record; the kept
 * record gets one MERGED event naming the duplicate and takes contacts it lacked.
 *
 * Only records of one person by the duplicate rules (`duplicateMatch`) are merged; anything else
 * needs a central admin's stated `reason`, which the events and the outbox carry.
 */
export async function mergeMembers(
  em: EntityManager,
  scope: Scope,
  keepId: string,
  duplicateId: string,
  statedReason?: string | null,
): Promise<Member> {
  if (keepId === duplicateId) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'duplicateId: expected another record than the one kept', {
      field: 'duplicateId',
    });
  }
  const stated = checkReason(statedReason, false);
  if (stated !== null && !scope.isEverywhere(Ability.MANAGE)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'reason: only a central admin may merge records that do not match by the duplicate rules, stating a reason',
      {
        field: 'reason',
      },
    );
  }
  return em.transactional(async (em) => {
    // Both rows locked, always in id order, so merges of the same pair in both directions cannot deadlock.
    const [first, second] = keepId < duplicateId ? [keepId, duplicateId] : [duplicateId, keepId];
    const locked = new Map([
      [first, await lockMember(em, first)],
      [second, await lockMember(em, second)],
    ]);
    const keep = locked.get(keepId);
    const duplicate = locked.get(duplicateId);
    if (!keep || !duplicate) throw new Error('Expected both locked records, got fewer');
    await scope.assertCoversAll([keep.organizationId, duplicate.organizationId], Ability.MANAGE);
    if (duplicate.status === MemberStatus.MERGED)
      throw new DomainError(ErrorCode.INVALID_STATE, 'The duplicate is already merged', {
        field: 'duplicateId',
        status: duplicate.status,
      });
    if (keep.status !== MemberStatus.ACTIVE) {
      throw new DomainError(ErrorCode.INVALID_STATE, `keepId: expected an ACTIVE record to keep, got ${keep.status}`, {
        field: 'keepId',
        status: keep.status,
      });
    }
    // The kept record may take the duplicate's SNILS: serialized with admissions of either person.
    await lockPersons(em, [keep, duplicate]);
    const match = await duplicateMatch(em, keep.id, duplicate.id);
    if (match === null && stated === null) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        `duplicateId: expected a record of the same person (same SNILS, or same full name and birth date) as ${keep.registrationNumber}, got ${duplicate.registrationNumber}, which does not match; a central admin may merge them stating a reason`,
        { field: 'duplicateId', match: null },
      );
    }
    const date = today();
    if (duplicate.status === MemberStatus.ACTIVE) await closePeriod(em, duplicate.id, date);
    keep.phone ??= duplicate.phone;
    keep.email ??= duplicate.email;
    keep.position ??= duplicate.position;
    const snils = duplicate.snils;
    duplicate.snils = null;
    duplicate.status = MemberStatus.MERGED;
    duplicate.mergedIntoId = keep.id;
    duplicate.statusChangedOn = date;
    // The duplicate's SNILS must leave it before the kept record may take it (unique among active).
    await em.flush();
    keep.snils ??= snils;
    const why = stated ?? (match === 'SNILS' ? 'same SNILS' : 'same full name and birth date');
    const reason = `merged ${duplicate.registrationNumber} into ${keep.registrationNumber}: ${why}`;
    recordMembershipEvent(em, scope, keep, MembershipEventKind.MERGED, date, reason, {
      from: duplicate.organizationId,
      relatedMemberId: duplicate.id,
    });
    recordMembershipEvent(em, scope, duplicate, MembershipEventKind.MERGED, date, reason, { relatedMemberId: keep.id });
    await recordOutboxEvent(em, 'member.merged', keep.id, {
      memberId: keep.id,
      mergedMemberId: duplicate.id,
      occurredOn: date,
      match,
      reason,
      actor: scope.viewer.subject,
    });
    return keep;
  });
}

function recordMembershipEvent(
  em: EntityManager,
  scope: Scope,
  member: Member,
  kind: MembershipEventKind,
  date: string,
  reason: string | null,
  links: { from?: string; relatedMemberId?: string } = {},
): void {
  const event = new MembershipEvent();
  event.memberId = member.id;
  event.kind = kind;
  event.occurredOn = date;
  event.organizationId = member.organizationId;
  event.fromOrganizationId = links.from ?? null;
  event.relatedMemberId = links.relatedMemberId ?? null;
  event.reason = reason;
  event.actor = scope.viewer.subject;
  em.persist(event);
}

/**
 * Creates a member with its first period, its ADMITTED event and the outbox event, inside the
 * caller's transaction. Shared by manual entry and by the approval of an online application.
 */
export async function admitMember(
  em: EntityManager,
  input: NewMember,
  actor: string | null,
  extra: { applicationId?: string; matchedMemberId?: string | null } = {},
): Promise<Member> {
  const joinedOn = input.joinedOn ?? today();
  if (!isCalendarDate(joinedOn) || joinedOn > today()) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `joinedOn: expected a date up to today, got ${JSON.stringify(joinedOn)}`,
      { field: 'joinedOn' },
    );
  }
  const { fields, problems } = checkPersonFields(input, {
    required: true,
    on: joinedOn,
    ...(input.joinedOn ? { onField: 'joinedOn' } : {}),
  });
  assertNoProblems(problems);
  const person = requireAll(fields);
  const consent = checkConsent(input, person.birthDate, joinedOn);
  // Concurrent admissions of one person serialize here: the second finds the first's record.
  await lockPerson(em, person);
  await assertNotOnRecord(em, person, extra.matchedMemberId);
  const [registration] = await em.execute<{ number: string }[]>(
    "select lpad(nextval('members.registration_number_seq')::text, 10, '0') as number",
  );
  if (!registration) throw new Error('Expected a number from members.registration_number_seq, got no row');

  const member = new Member();
  Object.assign(member, person);
  member.registrationNumber = registration.number;
  member.organizationId = input.organizationId;
  member.joinedOn = joinedOn;
  member.consentVersion = consent.consentVersion;
  member.consentGivenOn = today();
  member.bonusConsent = consent.bonusConsent;
  member.bonusConsentOn = consent.bonusConsent ? today() : null;
  member.guardianName = consent.guardianName;
  member.guardianConsentOn = consent.guardianName ? today() : null;
  em.persist(member);
  await em.flush();
  await openPeriod(em, member.id, member.organizationId, joinedOn);
  const event = new MembershipEvent();
  Object.assign(event, {
    memberId: member.id,
    kind: MembershipEventKind.ADMITTED,
    occurredOn: joinedOn,
    organizationId: member.organizationId,
    actor,
  });
  em.persist(event);
  await recordOutboxEvent(em, 'member.admitted', member.id, {
    memberId: member.id,
    organizationId: member.organizationId,
    occurredOn: joinedOn,
    actor,
    ...(extra.applicationId ? { applicationId: extra.applicationId } : {}),
  });
  return member;
}

type RequiredPerson = Required<Pick<PersonFields, 'lastName' | 'firstName' | 'birthDate' | 'category'>> & PersonFields;

function requireAll(fields: PersonFields): RequiredPerson {
  const { lastName, firstName, birthDate, category } = fields;
  if (!lastName || !firstName || !birthDate || !category) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'expected last name, first name, birth date and category', {});
  }
  return { ...fields, lastName, firstName, birthDate, category };
}

/**
 * The member, or NOT_FOUND. Arguments are UUIDs already (the scalar); the personal account's id
 * is a member token's `member` claim, not an argument, so its form is checked here.
 */
export async function requireMember(em: EntityManager, id: string, status?: MemberStatus): Promise<Member> {
  if (!isUuid(id))
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `memberId: expected a UUID, got ${JSON.stringify(id)}`, {
      field: 'memberId',
    });
  const member = await em.findOne(Member, { id });
  if (!member) throw notFound('Member', 'id', id);
  if (status) requireStatus(member, status);
  return member;
}

/**
 * The member's row, locked (`for update`) until the transaction ends and read afresh: every
 * movement starts here, so of two concurrent steps on one record the second waits, then decides
 * on the state the first left (a second exit finds the member LEFT and is refused INVALID_STATE)
 * instead of both closing the same period and writing two events. The id's form is checked for
 * the personal account, whose id is a token's `member` claim rather than a (UUID) argument.
 */
export async function lockMember(em: EntityManager, id: string): Promise<Member> {
  if (!isUuid(id))
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `memberId: expected a UUID, got ${JSON.stringify(id)}`, {
      field: 'memberId',
    });
  const [row] = await em.execute<{ id: string }[]>('select id from members.member where id = ? for update', [id]);
  if (!row) throw notFound('Member', 'id', id);
  // The identity map may hold the record as read before the lock was granted.
  return em.findOneOrFail(Member, { id }, { refresh: true });
}

/** Refuses a step on a record in another state; callers check the scope first, since the error names the state. */
export function requireStatus(member: Member, status: MemberStatus): void {
  if (member.status !== status) {
    throw new DomainError(ErrorCode.INVALID_STATE, `Member ${member.id} is ${member.status}, expected ${status}`, {
      status: member.status,
    });
  }
}

/** A movement's date: today by default, never in the future, never before the current period began. */
async function movementDate(em: EntityManager, member: Member, requested: string | null | undefined): Promise<string> {
  const date = requested ?? today();
  const [period] = await em.execute<{ valid_from: string }[]>(
    "select to_char(valid_from, 'YYYY-MM-DD') as valid_from from members.membership_period where member_id = ? and valid_to is null",
    [member.id],
  );
  const earliest = period?.valid_from ?? member.joinedOn;
  if (!isCalendarDate(date) || date > today() || date < earliest) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `date: expected a date from ${earliest} to today, got ${JSON.stringify(date)}`,
      { field: 'date' },
    );
  }
  return date;
}

/** A movement's reason, trimmed (null when blank); an exclusion needs one. Shared with the members import's `exit_reason`. */
export function checkReason(reason: string | null | undefined, required: boolean): string | null {
  const text = reason?.trim() ?? '';
  if (required && text.length === 0)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'reason: an exclusion needs its reason', { field: 'reason' });
  if (text.length > 1000)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected at most 1000 characters, got ${text.length}`, {
      field: 'reason',
    });
  return text.length > 0 ? text : null;
}

async function openPeriod(em: EntityManager, memberId: string, organizationId: string, from: string): Promise<void> {
  await em.execute('insert into members.membership_period (member_id, organization_id, valid_from) values (?, ?, ?)', [
    memberId,
    organizationId,
    from,
  ]);
}

async function closePeriod(em: EntityManager, memberId: string, on: string): Promise<void> {
  await em.execute('update members.membership_period set valid_to = ? where member_id = ? and valid_to is null', [
    on,
    memberId,
  ]);
}
