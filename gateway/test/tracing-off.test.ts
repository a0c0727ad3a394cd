import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadSecurityConfig, loadTracingConfig } from '@registry/lib';
import { startTracing } from '@registry/lib/entry';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordOutbound } from './support/outbound';
import { startGatewayServer } from '../src/http/gateway-server';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('observability by default', () => {
  it('loads no OpenTelemetry and calls nothing outside the machine, metrics and logs included', async () => {
    const outbound = recordOutbound();

    // No OTEL_EXPORTER_OTLP_ENDPOINT: nothing starts.
    expect(startTracing('gateway', loadTracingConfig({}))).toBeNull();
    const supergraphSdl = await readFile(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const server = await startGatewayServer({
      supergraphSdl,
      security: loadSecurityConfig({ NODE_ENV: 'test' }),
      port: 0,
    });
    try {
      const base = server.url.replace(/\/graphql$/, '');
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      await fetch(`${base}/ready`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await server.close();
    }
    expect(outbound.offMachine()).toEqual([]);
    const loaded = Object.keys(createRequire(__filename).cache);
    expect(
      loaded.filter((path) => /@opentelemetry[/](sdk-node|instrumentation-http|instrumentation-express)[/]/.test(path)),
    ).toEqual([]);
  });
});
