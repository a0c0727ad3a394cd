import { Client } from 'pg';

/** Runs one statement on a connection of its own and returns its rows. */
export async function select<T extends object>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Primary organizations applicants join in Q5 (a few, so no one organization's rows are all the work). */
export async function primaryIds(databaseUrl: string): Promise<string[]> {
  const rows = await select<{ id: string }>(
    databaseUrl,
    "select id from organizations.organization_v1 where level = 'PRIMARY' and status = 'ACTIVE' order by code limit 50",
  );
  return rows.map((row) => row.id);
}

/** Every primary organization's code: the Q6 file spreads its members over them. */
export async function primaryCodes(databaseUrl: string): Promise<string[]> {
  const rows = await select<{ code: string }>(
    databaseUrl,
    "select code from organizations.organization_v1 where level = 'PRIMARY' and status = 'ACTIVE' order by code",
  );
  return rows.map((row) => row.code);
}

/**
 * Statistics and visibility maps as a registry in service has them (autovacuum would get there
 * on its own, but not within a benchmark's minutes): plans then match production's.
 */
export async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  await select(databaseUrl, 'vacuum (analyze)');
}
