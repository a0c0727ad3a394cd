// First: the decorators of the subgraph's entities and resolvers read the metadata it provides.
import 'reflect-metadata';
import { runSubgraphEntry } from '@registry/lib/entry';

// Standalone process for deployment; the development stack runs all subgraphs in one process.
// The subgraph is loaded after tracing starts (when asked for), so its http and express are traced.
runSubgraphEntry('members', 4002, process.env, async () => (await import('./index')).membersSubgraph);
