import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { OperationTypeNode } from 'graphql';
import { Redis } from 'ioredis';
import type { RegistryConfig } from '../config';
import type { RequestContext } from '../context';
import { ReplicaRoutingEntityManager } from '../db/read-replicas';
import { logger } from '../log/logger';
import { clientKeyOf } from '../rate-limit/client-key';

/**
 * Who wrote lately: a caller's mutation marks it for DATABASE_PRIMARY_AFTER_WRITE seconds, and
 * its queries meanwhile read the primary. Kept in Redis when REDIS_URL is set, because the
 * caller's next query may reach another process — of this subgraph or of another one (an
 * approval in members, then coverage in statistics); else in this process's memory, which is
 * enough for one process (`npm start` runs every subgraph in one).
 */
export interface RecentWriters {
  markWrite(caller: string): Promise<void>;
  wroteRecently(caller: string): Promise<boolean>;
  close(): Promise<void>;
}

class MemoryRecentWriters implements RecentWriters {
  private readonly until = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  async markWrite(caller: string): Promise<void> {
    const now = Date.now();
    // Forget the callers whose window is over, so the map holds only the last window's writers.
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
    this.until.set(caller, now + this.windowMs);
  }

  async wroteRecently(caller: string): Promise<boolean> {
    return (this.until.get(caller) ?? 0) > Date.now();
  }

  async close(): Promise<void> {
    this.until.clear();
  }
}

class RedisRecentWriters implements RecentWriters {
  private readonly client: Redis;

  constructor(
    url: string,
    private readonly windowMs: number,
    private readonly prefix = 'registry:wrote:',
  ) {
    this.client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: true });
  }

  async markWrite(caller: string): Promise<void> {
    // The write is committed; failing the mutation's answer now would only hide that. The
    // caller may then read a lagging replica for a moment, which the log says.
    await this.client.set(`${this.prefix}${caller}`, '1', 'PX', this.windowMs).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not mark a caller as a recent writer in Redis; its next reads may lag');
    });
  }

  async wroteRecently(caller: string): Promise<boolean> {
    // Unknown is treated as "wrote": the primary always has the caller's writes.
    return this.client.exists(`${this.prefix}${caller}`).then(
      (count) => count > 0,
      () => true,
    );
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

let shared: { key: string; writers: RecentWriters } | undefined;

/** The process's store, one for every subgraph it serves (they must see each other's marks). */
export function recentWriters(config: Pick<RegistryConfig, 'database' | 'redis'>): RecentWriters {
  const windowMs = config.database.primaryAfterWriteSeconds * 1000;
  const { url } = config.redis;
  const key = `${url ?? 'memory'} ${windowMs}`;
  if (shared?.key !== key)
    shared = { key, writers: url ? new RedisRecentWriters(url, windowMs) : new MemoryRecentWriters(windowMs) };
  return shared.writers;
}

/**
 * Routes each request's reads (`docs/deployment.md`, "Read replicas"): a mutation reads and writes
 * the primary, in its transaction, and marks its caller as a recent writer when it answers; a
 * query reads a replica unless its caller is such a writer. The operation's type comes from the
 * parsed document, never from its text. Does nothing when the ORM has no replicas.
 */
export function readRoutingPlugin<TContext extends RequestContext<unknown>>(
  orm: MikroORM,
  writers: () => RecentWriters,
): ApolloServerPlugin<TContext> {
  const enabled = orm.config.get('replicas', []).length > 0;
  return {
    async requestDidStart() {
      if (!enabled) return;
      const store = writers();
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (
            operation?.operation !== OperationTypeNode.QUERY ||
            !(contextValue.em instanceof ReplicaRoutingEntityManager)
          )
            return;
          if (await store.wroteRecently(clientKeyOf(contextValue.viewer, contextValue.origin))) return;
          contextValue.em.readFromReplicas();
        },
        async willSendResponse({ operation, contextValue }) {
          if (operation?.operation === OperationTypeNode.MUTATION)
            await store.markWrite(clientKeyOf(contextValue.viewer, contextValue.origin));
        },
      };
    },
  };
}
