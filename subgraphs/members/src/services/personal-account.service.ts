import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { assertNoProblems, DomainError, ErrorCode, today } from '@registry/lib';
import type { Member } from '../entities/member';
import { ExitKind, MemberStatus } from '../entities/member-enums';
import { lockMember, MembershipService, requireMember, requireStatus } from './membership.service';
import { recordOutboxEvent } from './outbox';
import { checkPersonFields } from './person-fields';

/** What a member may do with their own record. */
export class PersonalAccountService {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: Scope,
  ) {}

  async me(): Promise<Member> {
    return requireMember(this.em, this.memberId());
  }

  async updateContacts(contacts: {
    phone?: string | null | undefined;
    email?: string | null | undefined;
  }): Promise<Member> {
    const { fields, problems } = checkPersonFields(
      { phone: contacts.phone, email: contacts.email },
      { required: false },
    );
    assertNoProblems(problems.filter((problem) => problem.field === 'phone' || problem.field === 'email'));
    return this.em.transactional(async (em) => {
      const member = await lockMember(em, this.memberId());
      requireStatus(member, MemberStatus.ACTIVE);
      if (fields.phone !== undefined) member.phone = fields.phone;
      if (fields.email !== undefined) member.email = fields.email;
      return member;
    });
  }

  /** Withdrawing the consent to share data with the bonus program; the cards subgraph reacts to the event. */
  async withdrawBonusConsent(): Promise<Member> {
    return this.em.transactional(async (em) => {
      const member = await lockMember(em, this.memberId());
      requireStatus(member, MemberStatus.ACTIVE);
      if (!member.bonusConsent) return member;
      member.bonusConsent = false;
      member.bonusConsentOn = today();
      await recordOutboxEvent(em, 'member.bonus_consent_withdrawn', member.id, {
        memberId: member.id,
        occurredOn: today(),
        actor: this.scope.viewer.subject,
      });
      return member;
    });
  }

  /** Leaving the union is the member's right: effective on the day of the application. */
  async leave(reason: string | null | undefined): Promise<Member> {
    return new MembershipService(this.em, this.scope).exit(
      this.memberId(),
      ExitKind.LEFT,
      { reason: reason ?? 'по собственному желанию' },
      { self: true },
    );
  }

  private memberId(): string {
    if (!this.scope.viewer.memberId)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Your token names no member record', {});
    return this.scope.viewer.memberId;
  }
}
