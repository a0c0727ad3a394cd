import { ApolloServerErrorCode, ApolloServerValidationErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { currentRequestId } from '../http/request-scope';
import { logger } from '../log/logger';
import { countError } from '../observability/request-log';
import { domainErrorFromDatabase } from './database-errors';
import { DomainError, ErrorCode } from './domain-error';

// The gateway imports these from the package root; exported here so the root index stays as it is.
export * from './database-errors';
export * from '../http/request-scope';
export * from '../http/request-guards';

/** Error thrown by graphql-shield when a rule denies access. */
export const forbidden = (): GraphQLError =>
  new GraphQLError('Not allowed: your role does not grant access to this field', {
    extensions: { code: ErrorCode.FORBIDDEN },
  });

/**
 * Codes whose message was written for the client: ours, and those graphql-js / Apollo give to the
 * caller's own mistakes (parse, validation, a variable a scalar refused). Anything else is a bug
 * or a failure whose message was written for us.
 */
const CLIENT_CODES: ReadonlySet<unknown> = new Set<unknown>([
  ...Object.values(ErrorCode),
  ...Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
  ...Object.values(ApolloServerValidationErrorCode),
]);

/**
 * Apollo Server `formatError`, at every subgraph and the gateway: domain errors keep their code
 * and details (also when raised outside execution, in context creation); driver errors become
 * SERVICE_UNAVAILABLE or ALREADY_EXISTS; every other error is masked as
 * "Internal error (request <id>)" and logged with that id, since its message may hold SQL with
 * values, hosts or file paths.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const answer = maskError(formatted, error);
  countError(answer.extensions?.['code']);
  return answer;
}

function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = innermost(error);
  const { path, locations } = formatted;
  const located = { ...(path ? { path } : {}), ...(locations ? { locations } : {}) };
  if (original instanceof DomainError) {
    // Its own message: Apollo prefixes "Context creation failed: " to what a context function throws.
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  const requestId = currentRequestId();
  const database = domainErrorFromDatabase(original);
  if (database) {
    if (database.code === ErrorCode.SERVICE_UNAVAILABLE)
      logger.error({ err: original, requestId }, 'database unavailable');
    return {
      message: database.message,
      ...located,
      extensions: { ...database.details, code: database.code, requestId },
    };
  }
  if (CLIENT_CODES.has(formatted.extensions?.['code'])) return formatted;
  logger.error({ err: original, requestId }, 'unexpected error');
  return {
    message: `Internal error (request ${requestId})`,
    ...located,
    extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, requestId },
  };
}

/** What was thrown, under graphql-js's and Apollo's wrappers (a resolver's error, "Context creation failed"). */
function innermost(error: unknown): unknown {
  let current = error;
  for (let depth = 0; current instanceof GraphQLError && current.originalError && depth < 5; depth += 1)
    current = current.originalError;
  return current;
}
