import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { CardStatus } from './card-enums';

/** One change of a card's status: who, when, why. Written in the transaction of the change. */
@Entity({ tableName: 'card_event' })
@ObjectType({ description: "A step of a card's life" })
export class CardEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  cardId!: string;

  @Field(() => CardStatus, { nullable: true, description: 'Null for the card coming into being' })
  @Enum({ items: () => CardStatus, nullable: true })
  fromStatus: CardStatus | null = null;

  @Field(() => CardStatus)
  @Enum({ items: () => CardStatus })
  toStatus!: CardStatus;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 1000, nullable: true })
  reason: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Token subject of who made the change, or system:<event> for automatic ones',
  })
  @Property({ type: 'string', length: 200, nullable: true })
  actor: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Date = new Date();
}
