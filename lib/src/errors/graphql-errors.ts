import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { DomainError, ErrorCode } from './domain-error';

/** Turns a domain error into the GraphQL error clients see; other errors pass unchanged. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof DomainError) {
    return new GraphQLError(error.message, {
      originalError: error,
      extensions: { ...error.details, code: error.code },
    });
  }
  return error;
}

/**
 * type-graphql global middleware: every resolver's domain error leaves as a typed GraphQL error,
 * whether the schema runs in Apollo Server or directly through `graphql()` in a test.
 */
export const domainErrors: MiddlewareFn = async (_action, next) => {
  try {
    return await next();
  } catch (error) {
    throw toGraphQLError(error);
  }
};

/** Error thrown by graphql-shield when a rule denies access. */
export const forbidden = (): GraphQLError =>
  new GraphQLError('Not allowed: your role does not grant access to this field', {
    extensions: { code: ErrorCode.FORBIDDEN },
  });

/**
 * Apollo Server `formatError`: a safety net for domain errors raised outside type-graphql
 * resolvers (reference resolvers, context creation).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return { ...formatted, extensions: { ...original.details, code: original.code } };
  }
  return formatted;
}
