import { assertWithinViewerScope, DomainError, ErrorCode, hasRole, Role } from '@registry/lib';
import type { CardsContext } from '../context';

/**
 * Whether the viewer may see a member's cards and bonus account: a central admin, the member in
 * person, or an org admin whose subtree holds the member's organization (batched through loaders,
 * since a list of members asks this once per member).
 */
export async function canSeeMemberCards({ viewer, loaders }: CardsContext, memberId: string): Promise<boolean> {
  if (hasRole(viewer, Role.CENTRAL_ADMIN)) return true;
  if (hasRole(viewer, Role.MEMBER) && viewer.memberId === memberId) return true;
  if (!hasRole(viewer, Role.ORG_ADMIN) || viewer.organizationId === null) return false;
  const member = await loaders.memberSummariesById.load(memberId);
  return member !== null && loaders.withinSubtreeOf(viewer.organizationId).load(member.organizationId);
}

export async function assertCanSeeMemberCards(context: CardsContext, memberId: string): Promise<void> {
  if (await canSeeMemberCards(context, memberId)) return;
  throw new DomainError(ErrorCode.FORBIDDEN, `The cards of member ${memberId} are theirs and their organization's admins' to see`, { memberId });
}

/** Figures of an organization's subtree: central admins anywhere; org admins and analysts in their own subtree. */
export async function assertFiguresScope({ viewer, loaders }: CardsContext, organizationId: string): Promise<void> {
  await assertWithinViewerScope(viewer, loaders.withinSubtreeOf, organizationId);
}
