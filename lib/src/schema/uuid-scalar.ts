import type { ValueNode } from 'graphql';
import { GraphQLScalarType, Kind, print } from 'graphql';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { isUuid } from '../validation/fields';

const EXAMPLE = '3f2c8a34-1d6e-4b1a-9a43-8e0f5b7c2d19';

/**
 * The refusal of a malformed id, where it sits (`$input.organizationId`, `ids`, or `UUID` when
 * the scalar itself refuses and cannot know the position) and what came. A `DomainError`, not a
 * `GraphQLError`: graphql-js wraps what a scalar throws and keeps it as the original error, whose
 * `extensions` it copies, and `formatError` answers with this message and BAD_USER_INPUT where
 * Apollo Server would otherwise call an inline literal's refusal GRAPHQL_VALIDATION_FAILED.
 * HTTP 400, as every refusal of a request before it runs.
 */
export function malformedIdError(where: string, received: string, field: string | null = null): DomainError {
  return new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `${where}: expected a record's id, a UUID of 32 hexadecimal digits 8-4-4-4-12 (e.g. ${EXAMPLE}), got ${received}`,
    { ...(field === null ? {} : { field }), expected: 'UUID' },
    400,
  );
}

function parseUuid(value: unknown): string {
  if (typeof value === 'string' && isUuid(value)) return value;
  // JSON.stringify answers undefined for undefined, a function or a symbol, though its type says string.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
  throw malformedIdError('UUID', JSON.stringify(value) ?? String(value));
}

/**
 * The id of a record, as arguments and input fields take it (`organization(id:)`,
 * `orderCardBatch(organizationId:)`, `filter.memberId`): refused before any resolver runs, with
 * BAD_USER_INPUT and what came, once for the whole API instead of a check per argument. The
 * request guards find a malformed one first, naming where it sits (`refusedId`); the scalar is
 * the rule they ask and the last line at each subgraph. Ids in answers stay `ID` (entities' `id`
 * and `@key` fields, which federation and clients' caches key on); entity representations
 * (`_entities`) are not arguments and are checked where they are read.
 */
export const UUID = new GraphQLScalarType<string, string>({
  name: 'UUID',
  description: `A record's id: a UUID written as 32 hexadecimal digits 8-4-4-4-12, e.g. ${EXAMPLE}`,
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc9562',
  serialize: (value) => parseUuid(value),
  parseValue: (value) => parseUuid(value),
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw malformedIdError('UUID', print(ast));
    return parseUuid(ast.value);
  },
});
