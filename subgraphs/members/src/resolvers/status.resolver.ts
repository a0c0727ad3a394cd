import { Query, Resolver } from 'type-graphql';

/**
 * Placeholder until the members issue lands: the subgraph already runs, composes into the
 * supergraph and owns its database schema, so the stack has its final shape from day one.
 */
@Resolver()
export class MembersStatusResolver {
  @Query(() => String, { description: 'State of the members subgraph' })
  membersStatus(): string {
    return 'pending: the members subgraph has no content yet';
  }
}
