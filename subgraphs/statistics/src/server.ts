import { runSubgraphProcess } from '@registry/lib';
import { statisticsSubgraph } from './index';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
void runSubgraphProcess(statisticsSubgraph, { defaultPort: 4004 });
