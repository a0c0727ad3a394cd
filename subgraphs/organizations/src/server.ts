import { runSubgraphProcess } from '@registry/lib';
import { organizationsSubgraph } from './index';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
void runSubgraphProcess(organizationsSubgraph, { defaultPort: 4001 });
