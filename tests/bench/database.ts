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

/** What a union already loaded holds, counted as the generator reports it. */
export async function countUnion(
  databaseUrl: string,
): Promise<{ organizations: number; members: number; plasticCards: number; virtualCards: number; purchases: number }> {
  const [row] = await select<{
    organizations: number;
    members: number;
    plastic: number;
    virtual: number;
    purchases: number;
  }>(
    databaseUrl,
    `select (select count(*) from organizations.organization_v1)::int as organizations,
            (select count(*) from members.member_v1)::int as members,
            (select count(*) from cards.union_card where kind = 'PLASTIC' and status = 'ISSUED')::int as plastic,
            (select count(*) from cards.union_card where kind = 'VIRTUAL' and status = 'ACTIVE')::int as virtual,
            (select count(*) from cards.purchase)::int as purchases`,
  );
  if (!row) throw new Error('Expected one row of counts');
  return {
    organizations: row.organizations,
    members: row.members,
    plasticCards: row.plastic,
    virtualCards: row.virtual,
    purchases: row.purchases,
  };
}
