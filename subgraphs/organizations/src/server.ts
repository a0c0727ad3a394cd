import { runSubgraphEntry } from '@registry/lib/src/http/subgraph-entry';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
// The subgraph is loaded after tracing starts (when asked for), so its http and express are traced.
runSubgraphEntry('organizations', 4001, async () => (await import('./index')).organizationsSubgraph);
