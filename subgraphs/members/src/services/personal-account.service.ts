import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { assertNoProblems, DomainError, ErrorCode, today } from '@registry/lib';
import type { Member } from '../entities/member';
import { ExitKind, MemberStatus } from '../entities/member-enums';
import { lockMember, recordMemberExit, requireMember, requireStatus } from './membership.service';
import { recordOutboxEvent } from './outbox';
import { checkPersonFields } from './person-fields';

// What a member may do with their own record: the viewer's token names it.

/** The viewer's own member record. */
export async function readMyRecord(em: EntityManager, scope: Scope): Promise<Member> {
  return requireMember(em, ownMemberId(scope));
}

export async function updateMyContacts(
  em: EntityManager,
  scope: Scope,
  contacts: {
    phone?: string | null | undefined;
    email?: string | null | undefined;
  },
): Promise<Member> {
  const { fields, problems } = checkPersonFields({ phone: contacts.phone, email: contacts.email }, { required: false });
  assertNoProblems(problems.filter((problem) => problem.field === 'phone' || problem.field === 'email'));
  return em.transactional(async (em) => {
    const member = await lockMember(em, ownMemberId(scope));
    requireStatus(member, MemberStatus.ACTIVE);
    if (fields.phone !== undefined) member.phone = fields.phone;
    if (fields.email !== undefined) member.email = fields.email;
    return member;
  });
}

/** Withdrawing the consent to share data with the bonus program; the cards subgraph reacts to the event. */
export async function withdrawBonusConsent(em: EntityManager, scope: Scope): Promise<Member> {
  return em.transactional(async (em) => {
    const member = await lockMember(em, ownMemberId(scope));
    requireStatus(member, MemberStatus.ACTIVE);
    if (!member.bonusConsent) return member;
    member.bonusConsent = false;
    member.bonusConsentOn = today();
    await recordOutboxEvent(em, 'member.bonus_consent_withdrawn', member.id, {
      memberId: member.id,
      occurredOn: today(),
      actor: scope.viewer.subject,
    });
    return member;
  });
}

/** Leaving the union is the member's right: effective on the day of the application. */
export async function leaveUnion(em: EntityManager, scope: Scope, reason: string | null | undefined): Promise<Member> {
  return recordMemberExit(
    em,
    scope,
    ownMemberId(scope),
    ExitKind.LEFT,
    { reason: reason ?? 'по собственному желанию' },
    { self: true },
  );
}

function ownMemberId(scope: Scope): string {
  if (!scope.viewer.memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Your token names no member record', {});
  return scope.viewer.memberId;
}
