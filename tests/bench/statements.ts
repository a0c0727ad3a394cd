import type { MikroORM } from '@mikro-orm/postgresql';
import { countQueries } from '@registry/lib/testing';

/** The SQL one request made each subgraph send, in the order they were sent. */
export interface StatementCapture {
  total: number;
  perSubgraph: Record<string, number>;
  /** Every statement's text, subgraph by subgraph in send order (MikroORM inlines parameters). */
  statements: { subgraph: string; sql: string }[];
}

/**
 * Counts the statements every subgraph's ORM sends while `work` runs. The cards subgraph polls
 * the members outbox every 2 s, which can land inside one request; so the request is run
 * `attempts` times and the capture with the fewest statements is kept.
 */
export async function captureStatements(
  subgraphs: ReadonlyMap<string, { orm: MikroORM }>,
  work: () => Promise<unknown>,
  attempts = 3,
): Promise<StatementCapture> {
  let best: StatementCapture | null = null;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const counters = [...subgraphs].map(([name, { orm }]) => ({ name, counter: countQueries(orm) }));
    try {
      await work();
    } finally {
      for (const { counter } of counters) counter.detach();
    }
    const statements = counters.flatMap(({ name, counter }) =>
      counter.statements.map((sql) => ({ subgraph: name, sql })),
    );
    const perSubgraph = Object.fromEntries(counters.map(({ name, counter }) => [name, counter.statements.length]));
    if (!best || statements.length < best.total) best = { total: statements.length, perSubgraph, statements };
  }
  if (!best) throw new Error('Expected at least one attempt');
  return best;
}
