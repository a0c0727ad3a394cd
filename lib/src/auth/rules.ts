import type { IRuleFieldMap, IRuleTypeMap } from 'graphql-shield/typings/types';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { GraphQLSchema } from 'graphql';
import type { IMiddlewareGenerator } from 'graphql-middleware';
import { forbidden } from '../errors/graphql-errors';
import type { RequestContext } from '../context';
import type { Role } from './viewer';
import { hasRole } from './viewer';

/** A caller with a verified token, whatever the role. */
export const isAuthenticated = rule({ cache: 'contextual' })(
  (_parent: unknown, _args: unknown, context: RequestContext<unknown>) => context.viewer.subject !== null,
);

/** A caller holding one of the roles. Scope (which subtree) is checked by the services. */
export const hasAnyRole = (...roles: Role[]) =>
  rule(`hasAnyRole(${roles.join(',')})`, { cache: 'contextual' })(
    (_parent: unknown, _args: unknown, context: RequestContext<unknown>) => hasRole(context.viewer, ...roles),
  );

/** Permissions of a subgraph: rules per type and field, as graphql-shield reads them. */
export type PermissionRules = IRuleTypeMap & { Query?: IRuleFieldMap };

/** Typed identity, so a subgraph's `permissions/index.ts` reads as a declaration. */
export const definePermissions = (rules: PermissionRules): PermissionRules => rules;

/**
 * graphql-shield for a subgraph: deny by default, typed FORBIDDEN errors, resolvers' own errors
 * passed through (shield would otherwise hide them behind its fallback error), and the
 * federation fields allowed, or the gateway could neither compose the supergraph nor resolve
 * entities. Entity types stay guarded by their own type-level rules. `_entities` exists only in
 * subgraphs that define entities, so it is allowed only where the schema has it.
 */
export function subgraphShield(
  rules: PermissionRules,
  schema: GraphQLSchema,
): IMiddlewareGenerator<unknown, RequestContext<unknown>, unknown> {
  const hasEntities = schema.getQueryType()?.getFields()['_entities'] !== undefined;
  const tree: IRuleTypeMap = {
    ...rules,
    Query: { ...rules.Query, _service: allow, ...(hasEntities ? { _entities: allow } : {}) },
    _Service: allow,
  };
  return shield(tree, {
    fallbackRule: deny,
    fallbackError: forbidden,
    allowExternalErrors: true,
  });
}

export { allow, deny };
