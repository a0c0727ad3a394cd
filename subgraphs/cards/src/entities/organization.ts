import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The organizations subgraph's entity, as this subgraph sees it: only its key. This subgraph adds
 * `cardCounts` and `bonusFigures` to it.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => ID)
  id!: string;
}
