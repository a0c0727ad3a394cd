import { BigIntType, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Kopecks } from '../scalars/kopecks';
import { LedgerEntryKind } from './card-enums';

/**
 * One movement of a member's cashback, in kopecks. Append-only: the balance is the sum of the
 * entries, and a correction is a REVERSAL entry, never an update.
 */
@Entity({ tableName: 'bonus_ledger' })
@ObjectType({ description: "A movement of the member's cashback balance" })
export class BonusLedgerEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  memberId!: string;

  @Property({ type: 'uuid', nullable: true })
  partnerId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  purchaseId: string | null = null;

  @Field(() => LedgerEntryKind)
  @Enum({ items: () => LedgerEntryKind })
  kind!: LedgerEntryKind;

  @Field(() => Kopecks, { description: 'In kopecks; positive for an accrual, negative for a reversal' })
  @Property({ type: new BigIntType('number') })
  amountKopecks!: number;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
