import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The members subgraph's entity, as this subgraph sees it: only its key. This subgraph adds
 * `cards`, `activeCard` and `bonusAccount`; everything else comes from the members subgraph.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id!: string;
}
