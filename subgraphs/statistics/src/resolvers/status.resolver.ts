import { Query, Resolver } from 'type-graphql';

/**
 * Placeholder until the statistics issue lands: the subgraph already runs, composes into the
 * supergraph and owns its database schema, so the stack has its final shape from day one.
 */
@Resolver()
export class StatisticsStatusResolver {
  @Query(() => String, { description: 'State of the statistics subgraph' })
  statisticsStatus(): string {
    return 'pending: the statistics subgraph has no content yet';
  }
}
