// The members file is shared with the demo union of `npm start`, which the stack may import and tests/ may not be.
export type { MembersCsvOptions, PrimarySlot } from '@registry/gateway/src/stack/demo/members-csv';
export { membersCsv, snilsFor } from '@registry/gateway/src/stack/demo/members-csv';
