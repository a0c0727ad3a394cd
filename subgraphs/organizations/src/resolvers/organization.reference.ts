import type { ReferenceResolvers } from '@registry/lib';
import type { OrganizationsContext } from '../context';

/** The gateway sends entity references in batches; the loader turns each batch into one statement. */
export const organizationReferences: ReferenceResolvers = {
  Organization: {
    __resolveReference(reference: { id: string }, context: OrganizationsContext) {
      return context.loaders.organizationsById.load(reference.id);
    },
  },
};
