import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, assertNoProblems, DomainError, ErrorCode, notFound, today } from '@registry/lib';
import type { Member } from '../entities/member';
import { ApplicationStatus } from '../entities/member-enums';
import { MembershipApplication } from '../entities/membership-application';
import type { ConsentInput } from './consent';
import { checkConsent } from './consent';
import type { PersonKey } from './duplicates';
import { assertNotOnRecord, findTwins, lockPerson } from './duplicates';
import { admitMember } from './membership.service';
import { requirePrimaryOrganization } from './organization-directory';
import { recordOutboxEvent } from './outbox';
import type { PersonInput } from './person-fields';
import { checkPersonFields } from './person-fields';

export interface ApplicationInput extends PersonInput, ConsentInput {
  organizationId: string;
}

// Online admission: a person applies without signing in, the primary organization's admin
// approves (which creates the member) or rejects with a reason.
//
// The public entry answers alike whatever the registry holds: a person already a member, or with
// an application pending, gets a new pending application like anyone else, so the answer cannot
// tell anyone who is a union member. What the application matched is recorded on it for the
// reviewer, who has MANAGE over its organization.

/**
 * Files an application. Checks it as strictly as an admission, so approval cannot fail on the person's
 * data later. Refusals depend on the input (and the public organization tree) only.
 */
export async function applyForMembership(em: EntityManager, input: ApplicationInput): Promise<MembershipApplication> {
  const on = today();
  const { fields, problems } = checkPersonFields(input, { required: true, on });
  assertNoProblems(problems);
  const consent = checkConsent(input, fields.birthDate, on);
  return em.transactional(async (em) => {
    await requirePrimaryOrganization(em, input.organizationId, 'organizationId');
    const person = {
      lastName: fields.lastName ?? '',
      firstName: fields.firstName ?? '',
      middleName: fields.middleName,
      birthDate: fields.birthDate ?? '',
      snils: fields.snils,
    };
    // Identical applications filed at once serialize here, so exactly one of them is the original.
    await lockPerson(em, person);
    // Both look-ups run for every application, matched or not, so the answer takes as long either way.
    // Former members too: a re-admission is matched with the record to reinstate.
    const [twin] = await findTwins(em, person, { includeFormer: true });
    const earlier = await findPendingApplication(em, person);
    const application = new MembershipApplication();
    Object.assign(application, fields, consent, {
      organizationId: input.organizationId,
      matchedMemberId: twin?.id ?? null,
      repeatOfId: earlier?.id ?? null,
    });
    em.persist(application);
    await em.flush();
    await recordOutboxEvent(em, 'application.submitted', application.id, {
      organizationId: application.organizationId,
    });
    return application;
  });
}

/**
 * Approves and admits in one transaction. The application row is locked first, so two admins
 * approving at once create one member: the second finds it no longer pending.
 */
export async function approveApplication(
  em: EntityManager,
  scope: Scope,
  applicationId: string,
): Promise<{ application: MembershipApplication; member: Member }> {
  return em.transactional(async (em) => {
    const application = await lockPendingApplication(em, scope, applicationId);
    await requirePrimaryOrganization(em, application.organizationId, 'organizationId');
    // Before looking for a record of the person: an admission of them may be under way.
    await lockPerson(em, application);
    await assertNotOnRecord(em, application, application.matchedMemberId);
    const member = await admitMember(
      em,
      {
        organizationId: application.organizationId,
        lastName: application.lastName,
        firstName: application.firstName,
        middleName: application.middleName,
        birthDate: application.birthDate,
        sex: application.sex,
        phone: application.phone,
        email: application.email,
        snils: application.snils,
        category: application.category,
        position: application.position,
        consentVersion: application.consentVersion,
        bonusConsent: application.bonusConsent,
        guardianName: application.guardianName,
      },
      scope.viewer.subject,
      { applicationId: application.id },
    );
    application.status = ApplicationStatus.APPROVED;
    application.decidedAt = new Date();
    application.decidedBy = scope.viewer.subject;
    application.memberId = member.id;
    return { application, member };
  });
}

export async function rejectApplication(
  em: EntityManager,
  scope: Scope,
  applicationId: string,
  reason: string,
): Promise<MembershipApplication> {
  const text = reason.trim();
  if (text.length === 0 || text.length > 1000) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected 1-1000 characters, got ${text.length}`, {
      field: 'reason',
    });
  }
  return em.transactional(async (em) => {
    const application = await lockPendingApplication(em, scope, applicationId);
    application.status = ApplicationStatus.REJECTED;
    application.decidedAt = new Date();
    application.decidedBy = scope.viewer.subject;
    application.rejectionReason = text;
    await recordOutboxEvent(em, 'application.rejected', application.id, {
      organizationId: application.organizationId,
      reason: text,
    });
    return application;
  });
}

/**
 * Locks an application for a decision. The scope is checked before its status is told: outside
 * the viewer's subtree the answer is FORBIDDEN whatever state the application is in.
 */
async function lockPendingApplication(em: EntityManager, scope: Scope, id: string): Promise<MembershipApplication> {
  const [locked] = await em.execute<{ organization_id: string }[]>(
    'select organization_id from members.membership_application where id = ? for update',
    [id],
  );
  if (!locked) throw notFound('Application', 'id', id);
  await scope.assertCovers(locked.organization_id, Ability.MANAGE);
  const application = await em.findOneOrFail(MembershipApplication, { id }, { refresh: true });
  if (application.status !== ApplicationStatus.PENDING) {
    throw new DomainError(ErrorCode.INVALID_STATE, `Application ${id} is already ${application.status}`, {
      status: application.status,
      memberId: application.memberId,
    });
  }
  return application;
}

/** The original pending application of the same person (same SNILS, or same full name and birth date), if any. */
async function findPendingApplication(em: EntityManager, person: PersonKey): Promise<{ id: string } | undefined> {
  const [pending] = await em.execute<{ id: string }[]>(
    `select id from members.membership_application
      where status = 'PENDING'
        and ((snils is not null and snils = ?)
          or (lower(last_name) = lower(?) and lower(first_name) = lower(?) and birth_date = ?::date
              and coalesce(lower(middle_name), '') = coalesce(lower(?), '')))
      order by repeat_of_id is null desc, submitted_at, id
      limit 1`,
    [person.snils ?? null, person.lastName, person.firstName, person.birthDate, person.middleName ?? null],
  );
  return pending;
}
