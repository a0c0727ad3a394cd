export * from './subgraph-harness';
export * from './viewers';
export * from './union-fixture';
// The seeded random numbers of the demo union, for tests that draw many cases reproducibly.
export { pick, seeded } from '../generator/random';
