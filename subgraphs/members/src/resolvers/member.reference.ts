import type { ReferenceResolvers } from '@registry/lib';
import { hasRole, Role } from '@registry/lib';
import type { MembersContext } from '../context';

export const memberReferences: ReferenceResolvers = {
  /** Batched through the loader; an org admin gets null for members outside the subtree. */
  Member: {
    async __resolveReference(reference: { id: string }, { loaders, viewer }: MembersContext) {
      const member = await loaders.membersById.load(reference.id);
      if (!member || hasRole(viewer, Role.CENTRAL_ADMIN) || viewer.memberId === member.id) return member;
      if (viewer.organizationId && (await loaders.withinSubtreeOf(viewer.organizationId).load(member.organizationId))) return member;
      return null;
    },
  },
  /** A stub: this subgraph holds nothing of an organization but its id. */
  Organization: {
    __resolveReference(reference: { id: string }) {
      return { id: reference.id };
    },
  },
};
