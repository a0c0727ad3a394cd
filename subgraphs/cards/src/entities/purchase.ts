import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Kopecks } from '../scalars/kopecks';

/**
 * A purchase a partner reported for a card. `(partnerId, idempotencyKey)` is unique and the body's
 * hash is kept, so a retried report returns this row and a different body under the same key is
 * refused. The organization is the holder's at the time, so figures do not move when they do.
 */
@Entity({ tableName: 'purchase' })
@ObjectType({ description: 'A purchase at a partner, with the cashback it earned' })
export class Purchase {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  partnerId!: string;

  @Field(() => String, { description: "The partner's key for this report; a retry with the same key counts once" })
  @Property({ type: 'string', length: 100 })
  idempotencyKey!: string;

  @Property({ type: 'string', length: 64, columnType: 'char(64)' })
  requestHash!: string;

  @Property({ type: 'uuid' })
  cardId!: string;

  @Property({ type: 'uuid' })
  memberId!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Field(() => Kopecks, { description: 'Purchase sum in kopecks' })
  @Property({ type: new BigIntType('number') })
  amountKopecks!: number;

  @Field(() => Int, { description: "The partner's cashback rate then, in basis points" })
  @Property({ type: 'integer' })
  cashbackRateBp!: number;

  @Field(() => Kopecks, { description: 'Cashback accrued, in kopecks: floor(amount × rate / 10000)' })
  @Property({ type: new BigIntType('number') })
  cashbackKopecks!: number;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
