import type { ReferenceResolvers } from '@registry/lib';
import { Ability } from '@registry/lib';
import type { MembersContext } from '../context';

export const memberReferences: ReferenceResolvers = {
  /**
   * Batched through the loader, the scope checks through the scope's batched subtree loader: a
   * record only for the member themselves or a caller who may manage its organization (analysts
   * read figures, never records), null for anyone else.
   */
  Member: {
    async __resolveReference(reference: { id: string }, { loaders, scope }: MembersContext) {
      const member = await loaders.membersById.load(reference.id);
      if (!member) return null;
      if (scope.isSelf(member.id) || (await scope.covers(member.organizationId, Ability.MANAGE))) return member;
      return null;
    },
  },
  // Organization needs none: this subgraph holds nothing of it but the id, which is what
  // federation's default reference resolver returns.
};
