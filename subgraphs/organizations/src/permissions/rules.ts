import { hasAnyRole, mayManage, Role } from '@registry/lib';

/** Who may change the tree; the subtree scope of an ORG_ADMIN is checked by the service. */
export const canManageTree = hasAnyRole(Role.CENTRAL_ADMIN, Role.ORG_ADMIN);

/** Bulk import replaces large parts of the tree, so it is the central office's job. */
export const canImport = hasAnyRole(Role.CENTRAL_ADMIN);

/**
 * Records of an organization: the chair's name, phone and e-mail (personal data) and the change
 * history (old and new contacts, who changed them). The gate of admins; the resolver then asks
 * the scope whether this organization is the caller's to manage.
 */
export const canSeeRecords = mayManage;
