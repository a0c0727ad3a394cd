import { DomainError, ErrorCode, UUID } from '@registry/lib';
import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { CardsContext } from '../context';
import { BonusLedgerEntry } from '../entities/bonus-ledger-entry';
import { BonusChannel } from '../entities/card-enums';
import { Partner } from '../entities/partner';
import { Purchase } from '../entities/purchase';
import { Kopecks } from '../scalars/kopecks';
import { enrollInBonusProgram, enrollMembersInBonusProgram } from '../services/bonus-enrollment.service';
import { BonusAccount } from './card-views';
import { BonusParticipation, BulkEnrollment } from './bonus-views';

/** Enrollment, and the account the member sees in the personal account. */
@Resolver(() => BonusAccount)
export class BonusAccountResolver {
  @Mutation(() => BonusAccount, {
    description: "Enrolls a member in the bonus program (admins); the member's consent is required",
  })
  async enrollInBonusProgram(
    @Arg('memberId', () => UUID) memberId: string,
    @Ctx() { em, scope }: CardsContext,
  ): Promise<BonusAccount> {
    await enrollInBonusProgram(em, scope, memberId, BonusChannel.ADMIN);
    return { memberId };
  }

  @Mutation(() => BulkEnrollment, {
    description:
      'Enrolls many members at once (admins; MANAGE over every member named, else nothing is written): the members of memberIds (up to 10,000), ' +
      "or every active member of organizationId's subtree. Members without the consent are listed, not enrolled.",
  })
  async enrollMembersInBonusProgram(
    @Arg('memberIds', () => [UUID], { nullable: true }) memberIds: string[] | null | undefined,
    @Arg('organizationId', () => UUID, { nullable: true }) organizationId: string | null | undefined,
    @Ctx() { em, scope }: CardsContext,
  ): Promise<BulkEnrollment> {
    const result = await enrollMembersInBonusProgram(em, scope, {
      memberIds: memberIds ?? null,
      organizationId: organizationId ?? null,
    });
    return {
      ...result,
      enrolled: result.enrolledIds.length,
      alreadyEnrolled: result.alreadyEnrolledIds.length,
      withoutConsent: result.withoutConsentIds.length,
      notActive: result.notActiveIds.length,
    };
  }

  @Mutation(() => BonusAccount, {
    description: 'Joins the bonus program from the app; needs the consent to share data with it',
  })
  async enrollMeInBonusProgram(@Ctx() { em, scope }: CardsContext): Promise<BonusAccount> {
    const memberId = scope.viewer.memberId;
    if (!memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Your token names no member record', {});
    await enrollInBonusProgram(em, scope, memberId, BonusChannel.APP);
    return { memberId };
  }

  @FieldResolver(() => BonusParticipation, { nullable: true, description: 'Null when the member never enrolled' })
  async participation(@Root() account: BonusAccount, @Ctx() { loaders }: CardsContext) {
    return loaders.participantsByMemberId.load(account.memberId);
  }

  @FieldResolver(() => Kopecks, { description: 'Cashback balance in kopecks: the sum of the ledger' })
  async balanceKopecks(@Root() account: BonusAccount, @Ctx() { loaders }: CardsContext) {
    return loaders.balancesByMemberId.load(account.memberId);
  }

  @FieldResolver(() => [BonusLedgerEntry], { description: 'Ledger entries, newest first' })
  async history(
    @Root() account: BonusAccount,
    @Arg('first', () => Int, { nullable: true, description: '1..200, default 50' }) first: number | null | undefined,
    @Ctx() { loaders }: CardsContext,
  ) {
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > 200) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `first: expected an integer from 1 to 200, got ${size}`, {
        field: 'first',
      });
    }
    return loaders.ledgerByMemberId(size).load(account.memberId);
  }
}

@Resolver(() => BonusLedgerEntry)
export class BonusLedgerEntryResolver {
  @FieldResolver(() => Purchase, { nullable: true, description: 'The purchase that earned it' })
  async purchase(@Root() entry: BonusLedgerEntry, @Ctx() { loaders }: CardsContext) {
    return entry.purchaseId ? loaders.purchasesById.load(entry.purchaseId) : null;
  }
}

@Resolver(() => Purchase)
export class PurchaseFieldsResolver {
  @FieldResolver(() => Partner)
  async partner(@Root() purchase: Purchase, @Ctx() { loaders }: CardsContext) {
    return loaders.partnersById.load(purchase.partnerId);
  }
}
