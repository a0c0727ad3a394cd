import type { ReferenceResolvers } from '@registry/lib';

export const organizationReferences: ReferenceResolvers = {
  /** A stub: statistics holds nothing of an organization but its id; metrics load per field. */
  Organization: {
    __resolveReference(reference: { id: string }) {
      return { id: reference.id };
    },
  },
};
