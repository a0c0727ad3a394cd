import { cardsSubgraph } from '@registry/cards';
import type { SubgraphDefinition } from '@registry/lib';
import { membersSubgraph } from '@registry/members';
import { organizationsSubgraph } from '@registry/organizations';
import { statisticsSubgraph } from '@registry/statistics';

/** The subgraphs of the supergraph, in composition order, with the port each takes by default. */
export const SUBGRAPHS: readonly { definition: SubgraphDefinition<unknown>; defaultPort: number }[] = [
  { definition: organizationsSubgraph, defaultPort: 4001 },
  { definition: membersSubgraph, defaultPort: 4002 },
  { definition: cardsSubgraph, defaultPort: 4003 },
  { definition: statisticsSubgraph, defaultPort: 4004 },
];
