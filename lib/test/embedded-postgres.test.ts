import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('starts a UTF-8 cluster that sorts Cyrillic names with the ICU ru-RU collation', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'registry-pg-'));
    folders.push(folder);
    const pg = await startEmbeddedPostgres({ dataDir: folder, durable: false });
    try {
      const [row] = await query<{ encoding: string; sorted: string }>(
        pg.url,
        `select current_setting('server_encoding') as encoding,
                string_agg(n, ',' order by n) as sorted from unnest(array['Яковлев','Ёжиков','Жуков','Елисеев','ежов']) n`,
      );
      expect(row).toEqual({ encoding: 'UTF8', sorted: 'Ёжиков,ежов,Елисеев,Жуков,Яковлев' });
      expect(pg.url).not.toContain(':5432/');
    } finally {
      await pg.stop();
    }
  });

  it('takes over a data folder whose server was left running by a killed parent', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'registry-pg-'));
    folders.push(folder);
    // The first server is never stopped, as after a SIGKILL of the process that started it.
    const leftover = await startEmbeddedPostgres({ dataDir: folder, durable: false });
    await query(leftover.url, 'create table kept (id int)');
    const next = await startEmbeddedPostgres({ dataDir: folder, durable: false });
    try {
      expect(await query(next.url, "select to_regclass('kept')::text as name")).toEqual([{ name: 'kept' }]);
      await expect(query(leftover.url, 'select 1')).rejects.toThrow();
    } finally {
      await next.stop();
    }
  });
});
