import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '@registry/lib';
import { Field, Int, ObjectType } from 'type-graphql';

/**
 * A shop or service of the bonus program. Its integration authenticates with an API key, of which
 * only the SHA-256 hash is stored (the key is shown once, at creation or rotation).
 */
@Entity({ tableName: 'partner' })
@ObjectType({ description: 'A partner of the bonus program' })
export class Partner extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'Kind of goods or services, e.g. "Книги", "Аптеки"' })
  @Property({ type: 'string', length: 100 })
  category!: string;

  @Field(() => Int, { description: 'Cashback in basis points of the purchase sum: 250 = 2.5 %' })
  @Property({ type: 'integer' })
  cashbackRateBp!: number;

  @Field(() => [String], { description: 'Federal subject codes where the partner operates; empty: the whole country' })
  @Property({ type: 'string[]', columnType: 'text[]' })
  regions: string[] = [];

  @Field(() => Boolean, { description: 'An inactive partner can neither verify cards nor report purchases' })
  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'string', length: 64, columnType: 'char(64)', hidden: true })
  apiKeyHash!: string;

  @Field(() => String, { description: 'First characters of the API key, to tell keys apart' })
  @Property({ type: 'string', length: 8 })
  apiKeyPrefix!: string;
}
