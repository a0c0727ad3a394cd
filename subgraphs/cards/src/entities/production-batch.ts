import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BatchStatus, CardKind } from './card-enums';

/** Plastic cards ordered together for an organization's subtree, produced and handed out together. */
@Entity({ tableName: 'production_batch' })
@ObjectType({ description: 'Plastic cards ordered for an organization subtree in one go' })
export class ProductionBatch {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** The organization whose subtree was ordered for (owned by the organizations subgraph). */
  @Property({ type: 'uuid' })
  organizationId!: string;

  @Field(() => CardKind)
  @Enum({ items: () => CardKind })
  kind: CardKind = CardKind.PLASTIC;

  @Field(() => BatchStatus)
  @Enum({ items: () => BatchStatus })
  status: BatchStatus = BatchStatus.ORDERED;

  @Field(() => Int, { description: 'Cards in the batch when it was ordered' })
  @Property({ type: 'integer' })
  cardCount = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  orderedBy: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  orderedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: "First export of the manufacturer's file" })
  @Property({ type: 'datetime', nullable: true })
  exportedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  producedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  issuedAt: Date | null = null;
}
