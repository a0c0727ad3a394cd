import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { currentScope } from '../http/request-scope';
import { logger } from '../log/logger';
import { operationLabel, registryMetrics } from './metrics';

/**
 * Express middleware after `requestScope`: when the answer is sent, one access log line (method,
 * path, status, duration, operation, request id, viewer subject — no headers, no variables, no
 * query string: those may hold tokens and personal data) and the request's metrics.
 */
export function observeRequests() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const scope = currentScope();
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const service = scope?.service ?? 'unknown';
      const operationName = scope?.operationName ?? bodyOperationName(req.body);
      const operation = operationLabel(operationName);
      const metrics = registryMetrics();
      metrics.requests.inc({ service, operation, status: String(res.statusCode) });
      metrics.duration.observe({ service, operation }, durationMs / 1000);
      // 'finish' may fire outside the request's async scope: its fields are given, not mixed in.
      logger.info(
        {
          service,
          requestId: scope?.id ?? null,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          operationName,
          subject: scope?.subject ?? null,
        },
        'request',
      );
    });
    next();
  };
}

/** Apollo plugin: names the request's operation in its scope (the access log and metrics read it). */
export function operationNamePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          const scope = currentScope();
          if (scope) scope.operationName = operationName;
        },
      };
    },
  };
}

/** Counts an error of an answer by its `extensions.code` (formatError calls it for every error). */
export function countError(code: unknown): void {
  registryMetrics().errors.inc({
    service: currentScope()?.service ?? 'unknown',
    code: typeof code === 'string' ? code.slice(0, 64) : 'NONE',
  });
}

/** Records who the viewer is in the request's scope (its subject only). */
export function recordSubject(subject: string | null): void {
  const scope = currentScope();
  if (scope) scope.subject = subject;
}

function bodyOperationName(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('operationName' in body)) return null;
  return typeof body.operationName === 'string' ? body.operationName : null;
}
