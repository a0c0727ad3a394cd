import type { RegistryConfig } from './config';
import { RateLimiters } from './rate-limit/rate-limiters';

/**
 * What a process reads and opens once, at start, and every request it serves shares: its
 * configuration and its rate limiters. Made by the process's entry (a subgraph's own process,
 * the development stack, a test's harness), handed to each request's context and to the
 * subgraphs' background work, closed last on shutdown.
 */
export interface ProcessRuntime {
  readonly config: RegistryConfig;
  readonly limiters: RateLimiters;
}

export function createProcessRuntime(config: RegistryConfig): ProcessRuntime {
  return { config, limiters: new RateLimiters(config.rateLimits, config.redis) };
}

/** Closes what the runtime opened (the limiters' Redis connection). */
export async function closeProcessRuntime(runtime: ProcessRuntime): Promise<void> {
  await runtime.limiters.close();
}
