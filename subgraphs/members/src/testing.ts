/**
 * `@registry/members/testing`: for other packages' tests and the benchmark, which set up members
 * in process and time the import's steps apart. Nothing in production imports it.
 */
export { admitMember } from './services/membership.service';
export { withdrawBonusConsent } from './services/personal-account.service';
export { readHeader } from './services/member-import/columns';
export { stagedLine } from './services/member-import/staging';
