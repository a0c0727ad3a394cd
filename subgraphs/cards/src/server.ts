import { runSubgraphProcess } from '@registry/lib';
import { cardsSubgraph } from './index';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
void runSubgraphProcess(cardsSubgraph, { defaultPort: 4003 });
