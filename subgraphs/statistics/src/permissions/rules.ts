import { hasAnyRole, mayManage, mayReadFigures, Role } from '@registry/lib';

/**
 * The gates of this subgraph's fields. Abilities come from the one table (`ROLE_REACH`, through
 * `mayManage` and `mayReadFigures`); which organizations a caller reaches is asked of `scope` by
 * every resolver, with the target's id. Roles are named here and nowhere else.
 */

/** Coverage, rankings and report forms: whoever may read figures somewhere. */
export const canSeeFigures = mayReadFigures;

/** Entering a report's figures and generating or submitting a form: whoever may manage somewhere. */
export const canEnterReports = mayManage;

/** A report file may name organizations anywhere in the union, so bulk import is the central office's. */
export const canImportReports = hasAnyRole(Role.CENTRAL_ADMIN);
