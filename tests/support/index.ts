export * from './subgraph-harness';
export * from './viewers';
