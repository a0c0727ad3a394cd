import type { IRuleFieldMap, IRuleTypeMap, ShieldRule } from 'graphql-shield/typings/types';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import type { IMiddleware, IMiddlewareFieldMap, IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { forbidden } from '../errors/graphql-errors';
import type { RequestContext } from '../context';
import { Ability } from './scope';
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

/**
 * A caller whose roles give `ability` somewhere: the gate of a field. Which organizations it
 * reaches is the resolver's and service's question, put to `context.scope` with the target's id.
 */
export const hasAbility = (ability: Ability) =>
  rule(`hasAbility(${ability})`, { cache: 'contextual' })(
    (_parent: unknown, _args: unknown, context: RequestContext<unknown>) => context.scope.hasAbility(ability),
  );

/** May read aggregate figures somewhere (central admins, org admins, analysts). */
export const mayReadFigures = hasAbility(Ability.READ_FIGURES);
/** May read and change records somewhere (central admins, org admins). */
export const mayManage = hasAbility(Ability.MANAGE);

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
 *
 * Fields whose rule is `allow` are left unwrapped: shield wraps every field of every type in an
 * async middleware, even one whose rule always says yes, and a tree of thousands of
 * organizations then spent most of its time on those promises. Every other field, the fallback
 * `deny` included, keeps shield's own middleware, so what is allowed and denied does not change.
 */
export function subgraphShield(
  rules: PermissionRules,
  schema: GraphQLSchema,
): IMiddlewareTypeMap<unknown, RequestContext<unknown>, unknown> {
  const hasEntities = schema.getQueryType()?.getFields()['_entities'] !== undefined;
  const tree: IRuleTypeMap = {
    ...rules,
    Query: { ...rules.Query, _service: allow, ...(hasEntities ? { _entities: allow } : {}) },
    _Service: allow,
  };
  const generated = shield<unknown, RequestContext<unknown>, unknown>(tree, {
    fallbackRule: deny,
    fallbackError: forbidden,
    allowExternalErrors: true,
  }).generate(schema);
  if (typeof generated === 'function' || !isTypeMap(generated))
    throw new Error('graphql-shield: expected a middleware per type and field');
  return withoutAllowedFields(generated, tree, schema);
}

function isTypeMap<S, C, A>(middleware: IMiddleware<S, C, A>): middleware is IMiddlewareTypeMap<S, C, A> {
  return !('resolve' in middleware) && !('fragment' in middleware) && !('fragments' in middleware);
}

function withoutAllowedFields<S, C, A>(
  generated: IMiddlewareTypeMap<S, C, A>,
  tree: IRuleTypeMap,
  schema: GraphQLSchema,
): IMiddlewareTypeMap<S, C, A> {
  const kept: IMiddlewareTypeMap<S, C, A> = {};
  for (const [typeName, middleware] of Object.entries(generated)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeof middleware === 'function' || !isFieldMap(middleware)) {
      kept[typeName] = middleware;
      continue;
    }
    const fields: IMiddlewareFieldMap<S, C, A> = {};
    for (const [fieldName, fieldMiddleware] of Object.entries(middleware)) {
      if (ruleOf(tree, typeName, fieldName) !== allow) fields[fieldName] = fieldMiddleware;
    }
    if (Object.keys(fields).length > 0) kept[typeName] = fields;
  }
  return kept;
}

function isFieldMap<S, C, A>(
  middleware: IMiddlewareFunction<S, C, A> | IMiddlewareFieldMap<S, C, A>,
): middleware is IMiddlewareFieldMap<S, C, A> {
  return typeof middleware !== 'function' && !('resolve' in middleware) && !('fragment' in middleware);
}

/** The rule shield applies to a field: the field's own, else its type's wildcard or type-wide rule, else deny. */
function ruleOf(tree: IRuleTypeMap, typeName: string, fieldName: string): unknown {
  const typeRules = tree[typeName];
  if (typeRules === undefined) return deny;
  if (isShieldRule(typeRules)) return typeRules;
  return typeRules[fieldName] ?? typeRules['*'] ?? deny;
}

/** A rule (shield's classes are not exported) answers `resolve`; a field map holds rules. */
function isShieldRule(value: ShieldRule | IRuleFieldMap): value is ShieldRule {
  return typeof value.resolve === 'function';
}

export { allow, deny };
