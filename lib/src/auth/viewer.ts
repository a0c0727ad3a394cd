/** Roles of the registry. ORG_ADMIN and ANALYST are scoped to one organization's subtree. */
export const Role = {
  CENTRAL_ADMIN: 'CENTRAL_ADMIN',
  ORG_ADMIN: 'ORG_ADMIN',
  ANALYST: 'ANALYST',
  MEMBER: 'MEMBER',
  PARTNER: 'PARTNER',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

const roles: ReadonlySet<string> = new Set(Object.values(Role));
export const isRole = (value: unknown): value is Role => typeof value === 'string' && roles.has(value);

/** Who makes the request, as the gateway established it. Anonymous callers have no subject. */
export interface Viewer {
  readonly subject: string | null;
  readonly roles: readonly Role[];
  /** Root of the subtree an ORG_ADMIN or ANALYST may act in. */
  readonly organizationId: string | null;
  /** The member record a MEMBER is. */
  readonly memberId: string | null;
  /** The partner a PARTNER integration acts for. */
  readonly partnerId: string | null;
}

export const anonymous: Viewer = Object.freeze({
  subject: null,
  roles: [],
  organizationId: null,
  memberId: null,
  partnerId: null,
});

export const hasRole = (viewer: Viewer, ...wanted: Role[]): boolean =>
  wanted.some((role) => viewer.roles.includes(role));

/**
 * Reads a viewer from token claims (`sub`, `roles`, `org`, `member`, `partner`), refusing anything
 * that is not of that shape instead of guessing.
 */
export function viewerFromClaims(claims: unknown): Viewer {
  if (typeof claims !== 'object' || claims === null) throw new Error('Expected token claims to be an object');
  const record: Record<string, unknown> = { ...claims };
  const subject = record['sub'];
  if (typeof subject !== 'string' || subject.length === 0) throw new Error('Expected a non-empty "sub" claim');
  const claimedRoles = record['roles'];
  if (!Array.isArray(claimedRoles) || !claimedRoles.every(isRole)) {
    throw new Error(`Expected "roles" to be a list of ${[...roles].join(', ')}, got ${JSON.stringify(claimedRoles)}`);
  }
  return {
    subject,
    roles: claimedRoles,
    organizationId: optionalString(record, 'org'),
    memberId: optionalString(record, 'member'),
    partnerId: optionalString(record, 'partner'),
  };
}

function optionalString(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Error(`Expected "${key}" to be a string, got ${JSON.stringify(value)}`);
  return value;
}
