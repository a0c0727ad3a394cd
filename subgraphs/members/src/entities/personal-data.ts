import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { FieldOptions, MiddlewareFn } from 'type-graphql';
import { Field, UseMiddleware } from 'type-graphql';
import type { MembersContext } from '../context';

/**
 * Audits the read of a personal-data field of a member: the read joins the request's audit
 * batch, and the value is handed on only once that batch is written (a failed write fails the
 * field). Sitting on the field itself, it covers every way a member is reached: queries,
 * mutation results, `_entities` for the gateway, nested lists.
 */
export const AuditPersonalDataRead: MiddlewareFn<MembersContext> = async ({ root, context, info }, next) => {
  const memberId = memberIdOf(root);
  if (memberId === null) throw new Error(`Expected a Member with an id under ${info.parentType.name}.${info.fieldName}`);
  await context.loaders.personalDataAudit.load({
    memberId,
    field: info.fieldName,
    path: objectPath(info),
    operationName: info.operation.name?.value ?? null,
    actorSubject: context.viewer.subject ?? 'anonymous',
    actorRoles: context.viewer.roles,
  });
  return next();
};

/** What `@Field` takes as its type (type-graphql does not export the name). */
type FieldType = NonNullable<Parameters<typeof Field>[0]>;

/** A `Member` property holding personal data: `@Field` whose every read is audited. */
export function PersonalData(returnType: FieldType, options: FieldOptions = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    UseMiddleware(AuditPersonalDataRead)(target, key);
    Field(returnType, options)(target, key);
  };
}

/** The response path of the member object: `member.snils` gives `member`, `_entities.3.phone` gives `_entities`. */
function objectPath(info: GraphQLResolveInfo): string {
  const path = responsePathAsArray(info.path);
  return path
    .slice(0, -1)
    .filter((segment): segment is string => typeof segment === 'string')
    .join('.');
}

function memberIdOf(root: unknown): string | null {
  if (typeof root !== 'object' || root === null || !('id' in root)) return null;
  const { id } = root;
  return typeof id === 'string' ? id : null;
}
