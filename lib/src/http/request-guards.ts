import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/domain-error';
import { malformedIdError } from '../schema/uuid-scalar';
import { refusedLiteral, refusedVariable } from '../validation/control-characters';
import { malformedId } from '../validation/malformed-ids';
import { logger } from '../log/logger';
import { countError } from '../observability/request-log';
import { currentRequestId } from './request-scope';

const badRequest = (message: string, code: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * Checks every operation before it runs, at the gateway and at every subgraph alike: string
 * arguments and variables without control characters, numbers that fit, ids that are UUIDs, and
 * an operation to run.
 * Unchecked, each of these would reach a resolver, the database or the query planner and come
 * back as an internal error (with the SQL statement in it) instead of the caller's mistake.
 */
export function requestGuardsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) {
            // graphql-js reports this at execution; the gateway's planner threw it as a 500.
            const name = request.operationName;
            throw badRequest(
              name
                ? `operationName: expected the name of an operation of the document, got "${name}"`
                : 'operationName: expected one, the document holds several operations',
              ApolloServerErrorCode.BAD_REQUEST,
            );
          }
          const refused = refusedLiteral(document) ?? refusedVariable(operation, request.variables);
          if (refused) throw badRequest(`${refused.path}: ${refused.reason}`, ErrorCode.BAD_USER_INPUT);
          // Before any subgraph is called: the gateway's schema has the scalar's name, not its code.
          const id = malformedId(schema, document, operation, request.variables);
          if (id) throw malformedIdError(id.path, id.received, id.field);
        },
      };
    },
  };
}

/**
 * Express error handler for what fails before Apollo sees the request (the JSON body parser: bad
 * JSON, a body too large) or outside it: a GraphQL-shaped JSON answer with the right status,
 * instead of Express's HTML page with the stack trace and file paths.
 */
export function jsonErrorHandler() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    const answer = (status: number, message: string, code: string, extra: Record<string, unknown> = {}) => {
      countError(code);
      res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
    };
    if (type === 'entity.too.large') {
      answer(413, 'Request body: expected at most the size limit, got more', ErrorCode.PAYLOAD_TOO_LARGE);
    } else if (type === 'entity.parse.failed') {
      answer(
        400,
        'Request body: expected a JSON object, got text that does not parse as one',
        ApolloServerErrorCode.BAD_REQUEST,
      );
    } else if (typeof type === 'string') {
      answer(
        400,
        `Request body: expected a readable JSON request, got one refused as ${type}`,
        ApolloServerErrorCode.BAD_REQUEST,
      );
    } else {
      const requestId = currentRequestId();
      logger.error({ err: error, requestId }, 'unexpected error outside GraphQL');
      answer(500, `Internal error (request ${requestId})`, ApolloServerErrorCode.INTERNAL_SERVER_ERROR, { requestId });
    }
  };
}
