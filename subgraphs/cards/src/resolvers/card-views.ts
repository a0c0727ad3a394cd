import { Field, Int, ObjectType } from 'type-graphql';
import { CardVerificationResult } from '../entities/card-enums';
import { Partner } from '../entities/partner';
import { UnionCard } from '../entities/union-card';
import { Kopecks } from '../scalars/kopecks';

@ObjectType({ description: 'An activated virtual card and what its QR code encodes' })
export class VirtualCardActivation {
  @Field(() => UnionCard) card!: UnionCard;

  @Field(() => String, { description: 'EPB1.<number>.<expiry YYYY-MM>.<key id>.<signature>: no personal data' })
  qrPayload!: string;
}

@ObjectType({ description: "A partner's answer about a card shown at the till: never who holds it" })
export class CardVerification {
  @Field(() => CardVerificationResult) result!: CardVerificationResult;

  @Field(() => Boolean, { description: 'Whether the holder is a member of the union today' })
  activeMember!: boolean;

  @Field(() => Boolean, {
    description: 'Whether purchases with this card earn cashback (VALID and enrolled in the bonus program)',
  })
  bonusEligible!: boolean;

  @Field(() => String, { nullable: true, description: 'Why, when not VALID' })
  reason!: string | null;
}

@ObjectType({
  description: "Cards in use (issued plastic, active virtual, not expired) of today's members in the subtree",
})
export class CardCounts {
  @Field(() => Int) plastic!: number;
  @Field(() => Int) virtual!: number;
  @Field(() => Int, { description: 'Members with at least one card in use' }) holders!: number;
}

@ObjectType({ description: 'The bonus program in the subtree; money in kopecks' })
export class BonusFigures {
  @Field(() => Int, { description: "Today's members enrolled in the program" }) participants!: number;
  @Field(() => Int, { description: 'Of them, enrolled in the mobile app' }) participantsViaApp!: number;
  @Field(() => Int, { description: 'Purchases in the period, counted where the buyer belonged then' })
  purchases!: number;
  @Field(() => Kopecks, { description: 'Sum of those purchases, in kopecks' }) purchaseSumKopecks!: number;
  @Field(() => Kopecks, { description: 'Cashback returned on them, in kopecks' }) cashbackSumKopecks!: number;
}

/** A member's bonus account; its fields are resolved from the member's id. */
@ObjectType({ description: "A member's bonus program account: participation, balance and history" })
export class BonusAccount {
  /** Not in the schema: the key the field resolvers load by. */
  memberId!: string;
}

@ObjectType({ description: 'A new partner, or a partner with a new key: the key is shown this once' })
export class PartnerWithApiKey {
  @Field(() => Partner) partner!: Partner;

  @Field(() => String, { description: 'Send as the X-Api-Key header; only its hash is stored, so keep it now' })
  apiKey!: string;
}
