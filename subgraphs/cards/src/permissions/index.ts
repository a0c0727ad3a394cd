import { allow, definePermissions } from '@registry/lib';

export const permissions = definePermissions({
  Query: { cardsStatus: allow },
});
