import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { signDevelopmentToken } from '@registry/gateway';
import { openOrm, Role } from '@registry/lib';
import { createScratchDatabase, findFreePort } from '@registry/lib/testing';
import { organizationsSubgraph, seedDemoUnion } from '@registry/organizations';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, ServiceProcess } from '../support/service-process';

const SUBGRAPHS = ['organizations', 'members', 'cards', 'statistics'] as const;
/** Strong secrets of this deployment: not the development defaults, at least 32 characters. */
const JWT_SECRET = randomBytes(32).toString('hex');
const INTERNAL_SECRET = randomBytes(32).toString('hex');
const QR_KEYS = JSON.stringify({ p1: randomBytes(32).toString('hex') });

/** What every process of this deployment is started with, beside its own PORT and DATABASE_URL. */
const DEPLOYMENT = { NODE_ENV: 'production', JWT_SECRET, REGISTRY_INTERNAL_SECRET: INTERNAL_SECRET, LOG_LEVEL: 'info' };

let database: Awaited<ReturnType<typeof createScratchDatabase>>;
const services: ServiceProcess[] = [];
let gateway: ServiceProcess;
let gatewayUrl: string;

beforeAll(async () => {
  // The build is cheap next to the processes it starts (docs/benchmarks.md, "Production build"),
  // so every run tests a fresh one.
  await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/build.ts'], { cwd: PROJECT_ROOT });
  database = await createScratchDatabase(inject('databaseServerUrl'), 'test_e2e_production');
  const urls: Record<string, string> = {};
  // One after another: their migrations share `create extension`, which must not race.
  for (const name of SUBGRAPHS) {
    const port = await findFreePort();
    const service = new ServiceProcess(`subgraphs/${name}/dist/server.js`, {
      ...DEPLOYMENT,
      DATABASE_URL: database.url,
      PORT: String(port),
      CARD_QR_KEYS: QR_KEYS,
      CARD_QR_ACTIVE_KEY: 'p1',
    });
    services.push(service);
    await service.waitFor('subgraph listening');
    urls[name] = `http://127.0.0.1:${port}/graphql`;
  }
  const orm = await openOrm(database.url, organizationsSubgraph);
  await seedDemoUnion(orm.em.fork());
  await orm.close();
  const port = await findFreePort();
  gateway = new ServiceProcess('gateway/dist/main.js', {
    ...DEPLOYMENT,
    PORT: String(port),
    SUBGRAPH_URLS: JSON.stringify(urls),
  });
  services.push(gateway);
  await gateway.waitFor('gateway listening');
  gatewayUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  for (const service of services.reverse()) await service.stop();
  await database?.drop();
});

async function post(
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null } };
}

describe('the build in production', () => {
  it('serves the public tree, and a token signed with the production secret reads what anonymous callers may not', async () => {
    const tree = await post('query PublicTree { root { name children { name } } }');
    expect(tree.body.errors).toBeUndefined();
    expect(tree.body.data?.['root']).toMatchObject({ name: 'Общероссийский Профсоюз образования' });

    const CHAIR = '{ organizationByCode(code: "0") { name chair { email } } }';
    expect((await post(CHAIR)).body.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
    const token = signDevelopmentToken(JWT_SECRET, { sub: 'prod-admin', roles: [Role.CENTRAL_ADMIN] });
    const admin = await post(CHAIR, { authorization: `Bearer ${token}` });
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data?.['organizationByCode']).toEqual({
      name: 'Общероссийский Профсоюз образования',
      chair: { email: 'info@eseur.ru' },
    });
    // The development secret signs nothing here.
    const forged = await post(CHAIR, {
      authorization: `Bearer ${signDevelopmentToken('development-only-jwt-secret', { sub: 'x', roles: [Role.CENTRAL_ADMIN] })}`,
    });
    expect(forged.status).toBe(401);
  });

  it('suggests no field names in errors', async () => {
    const misspelt = await post('{ roo { name } }');
    expect(misspelt.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(misspelt.body.errors?.[0]?.message).not.toMatch(/did you mean/i);
  });

  it('is ready, counts requests in /metrics and logs one JSON line per request with its id', async () => {
    const ready = await fetch(`${gatewayUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      subgraphs: { organizations: true, members: true, cards: true, statistics: true },
    });

    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'prod-check-1' },
      body: JSON.stringify({ query: 'query Counted { root { name } }' }),
    });
    expect(response.status).toBe(200);
    const metrics = await (await fetch(`${gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^registry_graphql_requests_total\{service="gateway",operation="Counted",status="200"\} 1$/m,
    );
    expect(metrics).toContain('process_resident_memory_bytes');

    await gateway.waitFor('request');
    const access = gateway.lines.find((line) => line['msg'] === 'request' && line['requestId'] === 'prod-check-1');
    expect(access).toMatchObject({
      level: 'info',
      service: 'gateway',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Counted',
    });
    const organizations = services[0];
    expect(
      organizations?.lines.some(
        (line) =>
          line['msg'] === 'request' && line['requestId'] === 'prod-check-1' && line['service'] === 'organizations',
      ),
    ).toBe(true);
  });
});

describe('tracing', () => {
  it('sends spans to OTEL_EXPORTER_OTLP_ENDPOINT when it is set', async () => {
    const received: string[] = [];
    const collector = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const address = collector.address();
    if (typeof address !== 'object' || address === null) throw new Error('expected a TCP address');
    const port = await findFreePort();
    const traced = new ServiceProcess('gateway/dist/main.js', {
      ...DEPLOYMENT,
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${address.port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    services.push(traced);
    try {
      await traced.waitFor('gateway listening');
      await fetch(`http://127.0.0.1:${port}/health`);
      const deadline = Date.now() + 10_000;
      while (!received.includes('POST /v1/traces') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toContain('POST /v1/traces');
    } finally {
      await traced.stop();
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
