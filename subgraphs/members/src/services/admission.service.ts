import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { assertNoProblems, DomainError, ErrorCode, isUuid, notFound, today } from '@registry/lib';
import type { Member } from '../entities/member';
import { ApplicationStatus } from '../entities/member-enums';
import { MembershipApplication } from '../entities/membership-application';
import { assertCanManageMembersOf } from './access';
import type { ConsentInput } from './consent';
import { checkConsent } from './consent';
import { assertNotAlreadyMember } from './duplicates';
import { admitMember } from './membership.service';
import { requirePrimaryOrganization } from './organization-directory';
import { recordOutboxEvent } from './outbox';
import type { PersonInput } from './person-fields';
import { checkPersonFields } from './person-fields';

export interface ApplicationInput extends PersonInput, ConsentInput {
  organizationId: string;
}

/**
 * Online admission: a person applies without signing in, the primary organization's admin approves
 * (which creates the member) or rejects with a reason.
 */
export class AdmissionService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** Checks the application as strictly as an admission, so approval cannot fail on the person's data later. */
  async apply(input: ApplicationInput): Promise<MembershipApplication> {
    const on = today();
    const { fields, problems } = checkPersonFields(input, { required: true, on });
    assertNoProblems(problems);
    const consent = checkConsent(input, fields.birthDate, on);
    return this.em.transactional(async (em) => {
      await requirePrimaryOrganization(em, input.organizationId, 'organizationId');
      const person = { lastName: fields.lastName ?? '', firstName: fields.firstName ?? '', middleName: fields.middleName, birthDate: fields.birthDate ?? '', snils: fields.snils };
      await assertNotAlreadyMember(em, person);
      await assertNoPendingApplication(em, person);
      const application = new MembershipApplication();
      Object.assign(application, fields, consent, { organizationId: input.organizationId });
      em.persist(application);
      await em.flush();
      await recordOutboxEvent(em, 'application.submitted', application.id, { organizationId: application.organizationId });
      return application;
    });
  }

  /**
   * Approves and admits in one transaction. The application row is locked first, so two admins
   * approving at once create one member: the second finds it no longer pending.
   */
  async approve(applicationId: string): Promise<{ application: MembershipApplication; member: Member }> {
    return this.em.transactional(async (em) => {
      const application = await lockPending(em, applicationId);
      await assertCanManageMembersOf(em, this.viewer, application.organizationId);
      await requirePrimaryOrganization(em, application.organizationId, 'organizationId');
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
        this.viewer.subject,
        { applicationId: application.id },
      );
      application.status = ApplicationStatus.APPROVED;
      application.decidedAt = new Date();
      application.decidedBy = this.viewer.subject;
      application.memberId = member.id;
      return { application, member };
    });
  }

  async reject(applicationId: string, reason: string): Promise<MembershipApplication> {
    const text = reason.trim();
    if (text.length === 0 || text.length > 1000) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `reason: expected 1-1000 characters, got ${text.length}`, { field: 'reason' });
    }
    return this.em.transactional(async (em) => {
      const application = await lockPending(em, applicationId);
      await assertCanManageMembersOf(em, this.viewer, application.organizationId);
      application.status = ApplicationStatus.REJECTED;
      application.decidedAt = new Date();
      application.decidedBy = this.viewer.subject;
      application.rejectionReason = text;
      await recordOutboxEvent(em, 'application.rejected', application.id, { organizationId: application.organizationId, reason: text });
      return application;
    });
  }
}

async function lockPending(em: EntityManager, id: string): Promise<MembershipApplication> {
  if (!isUuid(id)) throw new DomainError(ErrorCode.BAD_USER_INPUT, `applicationId: expected a UUID, got ${JSON.stringify(id)}`, { field: 'applicationId' });
  const [locked] = await em.execute<{ id: string }[]>('select id from members.membership_application where id = ? for update', [id]);
  if (!locked) throw notFound('Application', 'id', id);
  const application = await em.findOneOrFail(MembershipApplication, { id }, { refresh: true });
  if (application.status !== ApplicationStatus.PENDING) {
    throw new DomainError(ErrorCode.INVALID_STATE, `Application ${id} is already ${application.status}`, {
      status: application.status,
      memberId: application.memberId,
    });
  }
  return application;
}

async function assertNoPendingApplication(
  em: EntityManager,
  person: { lastName: string; firstName: string; birthDate: string; snils?: string | null | undefined },
): Promise<void> {
  const [pending] = await em.execute<{ id: string }[]>(
    `select id from members.membership_application
      where status = 'PENDING'
        and ((snils is not null and snils = ?)
          or (lower(last_name) = lower(?) and lower(first_name) = lower(?) and birth_date = ?::date))
      limit 1`,
    [person.snils ?? null, person.lastName, person.firstName, person.birthDate],
  );
  if (pending) {
    throw new DomainError(ErrorCode.DUPLICATE_PERSON, `An application of this person is already pending (${pending.id})`, {
      applicationId: pending.id,
    });
  }
}
