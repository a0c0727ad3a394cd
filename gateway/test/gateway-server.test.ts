import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningServer } from '@registry/lib';
import { loadSecurityConfig } from '@registry/lib';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayServer } from '../src/http/gateway-server';

const PRODUCTION = {
  NODE_ENV: 'production',
  REGISTRY_INTERNAL_SECRET: 'internal-secret-of-this-deployment-0123',
  JWT_SECRET: 'jwt-secret-of-this-deployment-0123456789',
};
const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/** The gateway over the committed supergraph; validation errors come before any subgraph is asked. */
async function gateway(env: Record<string, string>, graphiqlToken?: string): Promise<RunningServer> {
  const supergraphSdl = await readFile(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
  const server = await startGatewayServer({
    supergraphSdl,
    security: loadSecurityConfig(env),
    port: 0,
    ...(graphiqlToken ? { graphiqlToken } : {}),
  });
  running.push(server);
  return server;
}

async function misspelt(
  url: string,
  requestId?: string,
): Promise<{ status: number; requestId: string | null; messages: string[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({ query: '{ roots { name } }' }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    messages: (body.errors ?? []).map((error) => error.message),
  };
}

describe('the gateway server', () => {
  it('suggests field names outside production only', async () => {
    const development = await misspelt((await gateway({ NODE_ENV: 'development' })).url);
    expect(development.messages).toEqual(['Cannot query field "roots" on type "Query". Did you mean "root"?']);
    const production = await misspelt((await gateway(PRODUCTION)).url);
    expect(production).toMatchObject({ status: 400, messages: ['Cannot query field "roots" on type "Query".'] });
  });

  it('names each request: a sane caller id is kept, anything else replaced by a new one', async () => {
    const { url } = await gateway({ NODE_ENV: 'test' });
    expect((await misspelt(url, 'trace-7f3a.b_c:1')).requestId).toBe('trace-7f3a.b_c:1');
    const replaced = (await misspelt(url, `x${'y'.repeat(80)}`)).requestId;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect((await misspelt(url, 'two words')).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never serves a token in production: GraphiQL and the dashboard get none', async () => {
    await expect(gateway(PRODUCTION, 'eyJ.some.token')).rejects.toThrow(
      'Expected no GraphiQL token when NODE_ENV=production: GraphiQL would hand it to anyone',
    );
    const production = await gateway(PRODUCTION);
    const page = await (await fetch(production.url.replace(/\/graphql$/, '/graphiql'))).text();
    expect(page).toContain('/graphiql/assets/graphiql.js');
    expect(page).not.toContain('Bearer');
    const dashboard = await (await fetch(production.url.replace(/\/graphql$/, '/dashboard'))).text();
    expect(dashboard).toContain('/dashboard/assets/dashboard.js');
    expect(dashboard).toContain('"token":null');
    const development = await gateway({ NODE_ENV: 'development' }, 'eyJ.dev.token');
    expect(await (await fetch(development.url.replace(/\/graphql$/, '/graphiql'))).text()).toContain(
      'Bearer eyJ.dev.token',
    );
    expect(await (await fetch(development.url.replace(/\/graphql$/, '/dashboard'))).text()).toContain(
      '"token":"eyJ.dev.token"',
    );
  });
});
