/**
 * `@registry/stack/demo-data`: the demo union's members file and its seeded random numbers, which
 * tests/generator writes its larger unions with and tests draw reproducible cases from. Loading
 * it loads no subgraph, gateway or database.
 */
export type { MembersCsvOptions, PrimarySlot } from './demo/members-csv';
export { membersCsv, snilsFor } from './demo/members-csv';
export { between, pick, seeded, skewedShares } from './demo/random';
