import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What is known of the request being served; filled in as it is (id, then operation, then viewer). */
export interface RequestScope {
  id: string;
  /** The server serving it: `gateway` or a subgraph's name (one process may hold them all). */
  readonly service: string;
  operationName: string | null;
  /** The viewer's subject (a token's `sub`, a partner's id); never the token itself. */
  subject: string | null;
}

/**
 * The id of the request being served, wherever the code runs for it. Apollo's `formatError` gets
 * no context, yet a masked error must name the request so its logged original can be found.
 */
const scopes = new AsyncLocalStorage<RequestScope>();

/** Express middleware: opens the request's scope, with a provisional id until the real one is known. */
export function requestScope(service: string) {
  return (_req: Request, _res: Response, next: NextFunction): void => {
    withRequestScope(next, service);
  };
}

/** Runs `fn` (and all it starts) in a scope of its own; what the middleware does for each request. */
export const withRequestScope = <T>(fn: () => T, service = 'unknown'): T =>
  scopes.run({ id: randomUUID(), service, operationName: null, subject: null }, fn);

/** The scope of the request being served, or undefined outside any (start-up, background jobs). */
export const currentScope = (): RequestScope | undefined => scopes.getStore();

/**
 * Makes `id` the current request's id: the gateway's own (or the caller's), or at a subgraph the
 * one the gateway signed into the viewer header, so one id names the request at every hop.
 */
export function adoptRequestId(id: string): void {
  const scope = scopes.getStore();
  if (scope) scope.id = id;
}

/** The current request's id; a fresh one outside any request (then the log line is still unique). */
export const currentRequestId = (): string => scopes.getStore()?.id ?? randomUUID();
