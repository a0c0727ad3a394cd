import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '../src/db/embedded-postgres';

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
    // Another process starts the server and is killed with SIGKILL, which leaves the server running.
    const parent = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'start-postgres.ts'), folder],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const leftoverUrl = await firstLine(parent);
    await query(leftoverUrl, 'create table kept (id int)');
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    const next = await startEmbeddedPostgres({ dataDir: folder, durable: false });
    try {
      expect(next.startedHere).toBe(true);
      expect(await query(next.url, "select to_regclass('kept')::text as name")).toEqual([{ name: 'kept' }]);
      if (next.url !== leftoverUrl) await expect(query(leftoverUrl, 'select 1')).rejects.toThrow();
    } finally {
      await next.stop();
    }
  }, 60_000);

  it('reuses, and never stops, a server another live process runs in the same folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'registry-pg-'));
    folders.push(folder);
    // As `npm start` (first) and `npm run seed` (second) on the same .data/pg; here one process plays both.
    const first = await startEmbeddedPostgres({ dataDir: folder, durable: true });
    try {
      await query(first.url, 'create table kept (id int)');
      const second = await startEmbeddedPostgres({ dataDir: folder, durable: true });
      expect(second.startedHere).toBe(false);
      expect(second.url).toBe(first.url);
      expect(await runningEmbeddedPostgresUrl(folder)).toBe(first.url);
      expect(await query(second.url, "select to_regclass('kept')::text as name")).toEqual([{ name: 'kept' }]);
      await second.stop();
      expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await first.stop();
    }
    expect(await runningEmbeddedPostgresUrl(folder)).toBeNull();
  }, 60_000);
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the fixture exited (${String(code)}) before printing a URL`)));
  });
}
