import type { MikroORM } from '@mikro-orm/postgresql';

/** Counts the SQL statements an ORM sends, to prove that round trips grow with depth, not node count. */
export interface QueryCounter {
  readonly statements: readonly string[];
  reset(): void;
  detach(): void;
}

export function countQueries(orm: MikroORM): QueryCounter {
  const statements: string[] = [];
  const knex = orm.em.getKnex();
  const listener = (query: { sql: string }): void => {
    statements.push(query.sql);
  };
  knex.on('query', listener);
  return {
    statements,
    reset: () => {
      statements.length = 0;
    },
    detach: () => {
      knex.off('query', listener);
    },
  };
}
