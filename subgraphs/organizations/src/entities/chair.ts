import { Embeddable, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

/** The organization's chair (председатель): personal data, shown to the organization's admins only. */
@Embeddable()
@ObjectType({ description: "The organization's chair" })
export class Chair {
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 300, nullable: true })
  name: string | null = null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +74951234567' })
  @Property({ type: 'string', length: 20, nullable: true })
  phone: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;
}
