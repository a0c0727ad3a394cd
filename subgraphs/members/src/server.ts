import { runSubgraphProcess } from '@registry/lib';
import { membersSubgraph } from './index';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
void runSubgraphProcess(membersSubgraph, { defaultPort: 4002 });
