/**
 * `@registry/organizations/testing`: for other packages' tests, which set up the tree they need
 * in process, without the gateway. Nothing in production imports it.
 */
export { liquidateOrganization } from './services/organization.service';
