import { Query, Resolver } from 'type-graphql';

/**
 * Placeholder until the cards issue lands: the subgraph already runs, composes into the
 * supergraph and owns its database schema, so the stack has its final shape from day one.
 */
@Resolver()
export class CardsStatusResolver {
  @Query(() => String, { description: 'State of the cards subgraph' })
  cardsStatus(): string {
    return 'pending: the cards subgraph has no content yet';
  }
}
