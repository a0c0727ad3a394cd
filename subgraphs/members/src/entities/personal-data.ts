import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { FieldOptions, MiddlewareFn } from 'type-graphql';
import { Field, UseMiddleware } from 'type-graphql';
import type { MembersContext } from '../context';
import type { PersonalDataSubject } from '../services/audit';

/**
 * Audits the read of a personal-data field of a member: the read joins the request's audit
 * batch, and the value is handed on only once that batch is written (a failed write fails the
 * field). Sitting on the field itself, it covers every way a member is reached: queries,
 * mutation results, `_entities` for the gateway, nested lists.
 */
export const AuditPersonalDataRead: MiddlewareFn<MembersContext> = auditReadOf('member');

/**
 * The same for an applicant's details on a membership application: the person is not (yet) a
 * member, but the fields are the same personal data, logged the same way under the application.
 */
export const AuditApplicantDataRead: MiddlewareFn<MembersContext> = auditReadOf('application');

function auditReadOf(subject: PersonalDataSubject): MiddlewareFn<MembersContext> {
  return async ({ root, context, info }, next) => {
    const subjectId = idOf(root);
    if (subjectId === null)
      throw new Error(`Expected an object with an id under ${info.parentType.name}.${info.fieldName}`);
    await context.loaders.personalDataAudit.load({
      subject,
      subjectId,
      field: info.fieldName,
      path: objectPath(info),
      operationName: info.operation.name?.value ?? null,
      actorSubject: context.viewer.subject ?? 'anonymous',
      actorRoles: context.viewer.roles,
    });
    const value: unknown = await next();
    return value;
  };
}

/** What `@Field` takes as its type (type-graphql does not export the name). */
type FieldType = NonNullable<Parameters<typeof Field>[0]>;

/** A `Member` property holding personal data: `@Field` whose every read is audited. */
export function PersonalData(returnType: FieldType, options: FieldOptions = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    UseMiddleware(AuditPersonalDataRead)(target, key);
    Field(returnType, options)(target, key);
  };
}

/** A `MembershipApplication` property holding the applicant's personal data, audited alike. */
export function ApplicantData(returnType: FieldType, options: FieldOptions = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    UseMiddleware(AuditApplicantDataRead)(target, key);
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

function idOf(root: unknown): string | null {
  if (typeof root !== 'object' || root === null || !('id' in root)) return null;
  const { id } = root;
  return typeof id === 'string' ? id : null;
}
