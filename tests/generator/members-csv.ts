// The members file is shared with the demo union of `npm start`, which the stack may import and tests/ may not be.
export type { PrimarySlot } from '@registry/stack/demo-data';
export { membersCsv, snilsFor } from '@registry/stack/demo-data';
