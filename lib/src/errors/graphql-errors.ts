import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error';

/** Error thrown by graphql-shield when a rule denies access. */
export const forbidden = (): GraphQLError =>
  new GraphQLError('Not allowed: your role does not grant access to this field', {
    extensions: { code: ErrorCode.FORBIDDEN },
  });

/**
 * Apollo Server `formatError`: a safety net for domain errors raised outside execution (context
 * creation); inside it, graphql-js already copies a domain error's `extensions`.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return { ...formatted, extensions: { ...original.details, code: original.code } };
  }
  return formatted;
}
