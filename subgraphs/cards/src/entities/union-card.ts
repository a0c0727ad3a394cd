import { Entity, Enum, Property } from '@mikro-orm/core';
import { BaseEntity } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { CardKind, CardStatus } from './card-enums';

/**
 * An electronic union card (ЭПБ): plastic, or virtual in the mobile app. Relations (member, batch,
 * replaced card) are ids resolved through loaders, not ORM relations, so nested queries batch.
 */
@Entity({ tableName: 'union_card' })
@ObjectType({ description: 'An electronic union card (ЭПБ), plastic or virtual' })
@Directive('@key(fields: "id")')
export class UnionCard extends BaseEntity {
  @Field(() => String, { description: '16 digits: 9643, federal subject code, 9-digit serial, Luhn check digit' })
  @Property({ type: 'string', length: 16, unique: true, columnType: 'char(16)' })
  number!: string;

  /** The holder (owned by the members subgraph). */
  @Property({ type: 'uuid' })
  memberId!: string;

  @Field(() => CardKind)
  @Enum({ items: () => CardKind })
  kind!: CardKind;

  @Field(() => CardStatus)
  @Enum({ items: () => CardStatus })
  status: CardStatus = CardStatus.ORDERED;

  @Property({ type: 'uuid', nullable: true })
  batchId: string | null = null;

  /** The card this one was issued in place of (lost or replaced). */
  @Property({ type: 'uuid', nullable: true })
  replacesId: string | null = null;

  /** For a virtual card: the plastic card it duplicates, if any. */
  @Property({ type: 'uuid', nullable: true })
  duplicatesId: string | null = null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Handed to the member (plastic) or activated (virtual)',
  })
  @Property({ type: 'date', nullable: true })
  issuedOn: string | null = null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Last day of validity; set when the card is produced or activated',
  })
  @Property({ type: 'date', nullable: true })
  expiresOn: string | null = null;
}
