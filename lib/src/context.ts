import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from './auth/scope';
import { scopeOf } from './auth/scope';
import type { Viewer } from './auth/viewer';
import type { RegistryConfig } from './config';
import type { RateLimiters } from './rate-limit/rate-limiters';
import type { ProcessRuntime } from './runtime';
import type { SubgraphDefinition } from './subgraph';

/**
 * What every resolver receives, made anew for each request: an entity manager forked for this
 * request (its identity map must not outlive it), fresh DataLoaders, whose caches are
 * per-request by design (dataloader README, "Creating a new DataLoader per request"), the viewer
 * and what it may reach (`scope`), asked by every resolver and service instead of the roles, and
 * what the process made at start: its configuration and rate limiters.
 */
export interface RequestContext<TLoaders> {
  readonly em: EntityManager;
  readonly loaders: TLoaders;
  readonly viewer: Viewer;
  readonly scope: Scope;
  /** Where the request comes from, as the gateway signed it. */
  readonly origin: RequestOrigin;
  /** The process's settings, read once at start: resolvers hand services the parts they need. */
  readonly config: RegistryConfig;
  readonly limiters: RateLimiters;
}

export interface RequestOrigin {
  /** The gateway's id of the client request; null for a request that did not come through it. */
  readonly requestId: string | null;
  /** The caller's network address; null when unknown. Anonymous callers' rate limits key on it. */
  readonly clientAddress: string | null;
}

const UNKNOWN_ORIGIN: RequestOrigin = Object.freeze({ requestId: null, clientAddress: null });

/** The one way a request's context is made: the subgraph server and the tests' harness both use it. */
export function createRequestContext<TLoaders>(
  subgraph: Pick<SubgraphDefinition<TLoaders>, 'createLoaders'>,
  runtime: ProcessRuntime,
  em: EntityManager,
  viewer: Viewer,
  origin: RequestOrigin = UNKNOWN_ORIGIN,
): RequestContext<TLoaders> {
  const { config, limiters } = runtime;
  return { em, loaders: subgraph.createLoaders(em), viewer, scope: scopeOf(em, viewer), origin, config, limiters };
}
