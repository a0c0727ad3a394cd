import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The organizations subgraph's entity as this subgraph sees it: its key, plus coverage added here. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => ID)
  id!: string;
}
