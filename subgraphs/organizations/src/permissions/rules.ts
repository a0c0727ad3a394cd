import { hasAnyRole, isAuthenticated, Role } from '@registry/lib';

/** Who may change the tree; the subtree scope of an ORG_ADMIN is checked by the service. */
export const canManageTree = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN);

/** Bulk import replaces large parts of the tree, so it is the central office's job. */
export const canImport = hasAnyRole(Role.CENTRAL_ADMIN);

/** The chair's name, phone and email are personal data: signed-in users only. */
export const canSeeContacts = isAuthenticated;
