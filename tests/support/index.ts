export * from './subgraph-harness';
export * from './viewers';
export * from './union-fixture';
