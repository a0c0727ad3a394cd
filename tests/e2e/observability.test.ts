import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGatewayServer } from '@registry/gateway';
import type { RunningServer } from '@registry/lib';
import { Role } from '@registry/lib';
import { captureLogs, findFreePort } from '@registry/lib/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness, PRODUCTION_STACK } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('observability');
});
afterAll(() => harness?.close());

const baseOf = (url: string) => url.replace(/\/graphql$/, '');
const subgraphUrl = (name: string): string => {
  const subgraph = harness.stack.subgraphs.get(name);
  if (!subgraph) throw new Error(`expected the ${name} subgraph in the stack`);
  return subgraph.url;
};

async function metricsText(url = harness.stack.gatewayUrl): Promise<string> {
  const response = await fetch(`${baseOf(url)}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one series (all labels given, in the order prom-client prints them), 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('logs', () => {
  // captureLogs reads this process's logger; from the build the services log on their own stdout,
  // which tests/e2e/production.test.ts checks for the same access lines and request ids.
  it.skipIf(PRODUCTION_STACK)(
    'name the caller’s x-request-id at the gateway and at the subgraph, one access line each, without the token',
    async () => {
      const token = harness.token({ sub: 'observer-admin', roles: [Role.CENTRAL_ADMIN] });
      const logs = captureLogs('info');
      let response;
      try {
        response = await harness.post(
          'query TreeTop { root { name children { name } } }',
          {},
          { token, headers: { 'x-request-id': 'abc123' } },
        );
      } finally {
        logs.stop();
      }
      expect(response.errors).toBeUndefined();
      const ours = logs.lines.filter((line) => line['requestId'] === 'abc123');
      const access = (service: string) =>
        ours.filter((line) => line['msg'] === 'request' && line['service'] === service);
      expect(access('gateway')).toEqual([
        expect.objectContaining({
          level: 'info',
          method: 'POST',
          path: '/graphql',
          status: 200,
          operationName: 'TreeTop',
          subject: 'observer-admin',
          durationMs: expect.any(Number),
        }),
      ]);
      expect(access('organizations').length).toBeGreaterThanOrEqual(1);
      expect(access('organizations')[0]).toMatchObject({
        method: 'POST',
        path: '/graphql',
        status: 200,
        subject: 'observer-admin',
      });
      expect(JSON.stringify(logs.lines)).not.toContain(token);
      expect(JSON.stringify(logs.lines)).not.toContain('authorization');
    },
  );

  it('are quiet in tests unless asked: nothing is written while no one captures', async () => {
    const logs = captureLogs('info');
    logs.stop();
    await harness.post('{ root { name } }');
    expect(logs.lines).toEqual([]);
  });
});

describe('metrics', () => {
  it('count requests and latency by operation name, errors by code, SQL statements and the pool, per service', async () => {
    // Each service's own /metrics: in process all five share one registry, from the build each has its own.
    const organizations = subgraphUrl('organizations');
    const before = await metricsText();
    const sqlBefore = await metricsText(organizations);
    const requests = 'registry_graphql_requests_total{service="gateway",operation="CountedTree",status="200"}';
    const latency = 'registry_graphql_request_duration_seconds_count{service="gateway",operation="CountedTree"}';
    const sql = 'registry_sql_statements_total{service="organizations"}';
    const validation = 'registry_graphql_errors_total{service="gateway",code="GRAPHQL_VALIDATION_FAILED"}';

    expect((await harness.post('query CountedTree { root { name } }')).errors).toBeUndefined();
    expect((await harness.post('query CountedTree { root { name } }')).errors).toBeUndefined();
    const refused = await harness.post('query Misspelt { rooot { name } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');

    const after = await metricsText();
    const sqlAfter = await metricsText(organizations);
    expect(sample(after, requests) - sample(before, requests)).toBe(2);
    expect(sample(after, latency) - sample(before, latency)).toBe(2);
    expect(sample(after, validation) - sample(before, validation)).toBe(1);
    expect(sample(sqlAfter, sql)).toBeGreaterThan(sample(sqlBefore, sql));
    expect(sqlAfter).toMatch(/^registry_db_pool_connections\{service="organizations",state="free"\} \d+$/m);
    expect(await metricsText(subgraphUrl('members'))).toMatch(
      /^registry_db_pool_connections\{service="members",state="pending"\} 0$/m,
    );
    expect(after).toContain('process_cpu_user_seconds_total');
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('are served by every subgraph too, and a subgraph’s own refusals count under its name', async () => {
    const members = subgraphUrl('members');
    const forbidden = 'registry_graphql_errors_total{service="members",code="UNAUTHENTICATED"}';
    const before = sample(await metricsText(members), forbidden);
    // Straight to the subgraph without the gateway's signed viewer: refused.
    const response = await harness.post('{ __typename }', {}, { headers: { 'x-registry-viewer': 'forged' } }, members);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(sample(await metricsText(members), forbidden) - before).toBe(1);
  });
});

describe('readiness', () => {
  let gateway: RunningServer | undefined;
  afterAll(() => gateway?.close());

  it('is 503 naming the subgraph that does not answer, and 200 when all do', async () => {
    const ready = await fetch(`${baseOf(harness.stack.gatewayUrl)}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      subgraphs: { organizations: true, members: true, cards: true, statistics: true },
    });

    // A second gateway over the same subgraphs, but with the members subgraph's port closed.
    const supergraphSdl = await readFile(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const closedPort = await findFreePort();
    const subgraphUrls = Object.fromEntries([...harness.stack.subgraphs].map(([name, { url }]) => [name, url]));
    gateway = await startGatewayServer({
      supergraphSdl,
      security: harness.security,
      subgraphUrls: { ...subgraphUrls, members: `http://127.0.0.1:${closedPort}/graphql` },
      port: 0,
    });
    const started = Date.now();
    const notReady = await fetch(`${baseOf(gateway.url)}/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      subgraphs: { organizations: true, members: false, cards: true, statistics: true },
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
