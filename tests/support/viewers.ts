import type { Viewer } from '@registry/lib';
import { Role } from '@registry/lib';

const viewer = (
  subject: string,
  roles: Role[],
  scope: Partial<Pick<Viewer, 'organizationId' | 'memberId'>> = {},
): Viewer => ({
  subject,
  roles,
  organizationId: scope.organizationId ?? null,
  memberId: scope.memberId ?? null,
  partnerId: null,
});

export const centralAdmin: Viewer = viewer('test-central-admin', [Role.CENTRAL_ADMIN]);
export const orgAdminOf = (organizationId: string): Viewer =>
  viewer(`test-org-admin-${organizationId}`, [Role.ORG_ADMIN], { organizationId });
export const analystOf = (organizationId: string): Viewer =>
  viewer(`test-analyst-${organizationId}`, [Role.ANALYST], { organizationId });
export const memberViewer = (memberId: string): Viewer =>
  viewer(`test-member-${memberId}`, [Role.MEMBER], { memberId });
