// The PRNG lives with the demo union of `npm start`, which the stack may import and tests/ may not be.
export { between, pick, seeded, skewedShares } from '@registry/stack/demo-data';
