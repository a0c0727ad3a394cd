import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningStack } from '@registry/stack';
import { signDevelopmentToken, startGatewayServer } from '@registry/gateway';
import { PROJECT_ROOT, startStack } from '@registry/stack';
import type { RunningServer } from '@registry/lib';
import { loadSecurityConfig, Role } from '@registry/lib';
import { startEmbeddedPostgres, withDatabase } from '@registry/lib/database-server';
import { findFreePort } from '@registry/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse } from '../support/stack-harness';
import { responseCodes } from '../support/stack-harness';
import { testConfig } from '../support/test-config';

/**
 * Faults on loopback, bounded in time: the database stopped under load and started again on the
 * same port, and a subgraph process killed and started again. Nothing else is restarted; the
 * registry must answer typed errors meanwhile and full answers once the part is back.
 */

const security = loadSecurityConfig({ NODE_ENV: 'test' });
const central = signDevelopmentToken(security.jwtSecret, { sub: 'faults-central', roles: [Role.CENTRAL_ADMIN] });
const DATA_DIR = join(PROJECT_ROOT, '.data', `pg-faults-${process.pid}`);

let postgresPort: number;
let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let stack: RunningStack;
let databaseUrl: string;

async function post(url: string, query: string): Promise<GatewayResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${central}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GatewayResponse, 'status'>) };
}

/** Polls until `done` holds or the deadline passes; returns how long it took. */
async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Expected the registry to recover within ${ms} ms`);
}

beforeAll(async () => {
  postgresPort = await findFreePort();
  // Durable, so its data outlives the stop; a folder of its own, removed at the end.
  postgres = await startEmbeddedPostgres({ dataDir: DATA_DIR, durable: true, port: postgresPort });
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('create database faults');
  await admin.end();
  databaseUrl = withDatabase(postgres.url, 'faults');
  stack = await startStack({ databaseUrl, config: { ...testConfig(), security }, gatewayPort: 0, seedDemo: true });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await postgres?.stop();
  await rm(DATA_DIR, { recursive: true, force: true });
});

const TREE = '{ root { name children { code } } }';

describe('faults', () => {
  it('answers SERVICE_UNAVAILABLE at once while PostgreSQL is down, and recovers when it is back, nothing restarted', async () => {
    expect((await post(stack.gatewayUrl, TREE)).data).toMatchObject({ root: { name: expect.any(String) } });

    // Load while it goes down: requests in flight and new ones get typed answers, never a hang.
    const load = Array.from({ length: 20 }, (_, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 20)).then(() => post(stack.gatewayUrl, TREE)),
    );
    await postgres.stop();
    const during = await Promise.all(load);
    for (const response of during) {
      if (response.errors)
        expect(responseCodes(response)).toEqual(responseCodes(response).map(() => 'SERVICE_UNAVAILABLE'));
    }
    const started = Date.now();
    const down = await post(stack.gatewayUrl, TREE);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(down.status).toBeLessThan(500);
    expect(responseCodes(down)).toContain('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/i);

    postgres = await startEmbeddedPostgres({ dataDir: DATA_DIR, durable: true, port: postgresPort });
    const recovered = await within(10_000, async () => (await post(stack.gatewayUrl, TREE)).errors === undefined);
    expect(recovered).toBeLessThan(10_000);
  }, 120_000);

  it('keeps the other subgraphs’ data when a subgraph process is killed, and gives full answers within 5 s of its return', async () => {
    const cardsPort = await findFreePort();
    const supergraphSdl = await readFile(join(PROJECT_ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    const urls = Object.fromEntries([...stack.subgraphs].map(([name, { url }]) => [name, url]));
    const gateway: RunningServer = await startGatewayServer({
      supergraphSdl,
      security,
      subgraphUrls: { ...urls, cards: `http://127.0.0.1:${cardsPort}/graphql` },
      port: 0,
    });
    const startCards = (): ChildProcess =>
      spawn(
        process.execPath,
        ['-r', '@swc-node/register', join(PROJECT_ROOT, 'subgraphs', 'cards', 'src', 'server.ts')],
        {
          cwd: PROJECT_ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_URL: databaseUrl,
            PORT: String(cardsPort),
            CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000',
          },
          stdio: 'ignore',
        },
      );
    const QUERY = '{ root { name cardCounts { plastic } } }';
    const full = async (): Promise<boolean> => {
      const answer = await post(gateway.url, QUERY);
      return answer.errors === undefined && answer.data !== null && answer.data !== undefined;
    };
    let cards = startCards();
    try {
      await within(60_000, full);

      cards.kill('SIGKILL');
      await new Promise((resolve) => cards.once('exit', resolve));
      const partial = await post(gateway.url, QUERY);
      // The organizations subgraph's part stands; only the killed subgraph's field is an error.
      expect(partial.data).toMatchObject({ root: { name: 'Общероссийский Профсоюз образования' } });
      expect(partial.errors?.length).toBeGreaterThan(0);
      for (const error of partial.errors ?? []) expect(error.extensions?.['code']).toEqual(expect.any(String));
      expect(JSON.stringify(partial)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|\/work\//);

      cards = startCards();
      // The process needs its own start-up (compiling, migrations) before it listens; from then on
      // the gateway must answer in full within 5 s.
      const listening = await within(60_000, async () =>
        fetch(`http://127.0.0.1:${cardsPort}/health`).then(
          (response) => response.ok,
          () => false,
        ),
      );
      expect(listening).toBeLessThan(60_000);
      const recovered = await within(5_000, full);
      expect(recovered).toBeLessThan(5_000);
    } finally {
      cards.kill('SIGKILL');
      await gateway.close();
    }
  }, 180_000);
});
