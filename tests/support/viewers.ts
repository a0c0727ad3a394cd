import type { Viewer } from '@registry/lib';
import { Role } from '@registry/lib';

export const centralAdmin: Viewer = {
  subject: 'test-central-admin',
  roles: [Role.CENTRAL_ADMIN],
  organizationId: null,
  memberId: null,
  partnerId: null,
};

export const orgAdminOf = (organizationId: string): Viewer => ({
  subject: `test-org-admin-${organizationId}`,
  roles: [Role.ORG_ADMIN],
  organizationId,
  memberId: null,
  partnerId: null,
});
