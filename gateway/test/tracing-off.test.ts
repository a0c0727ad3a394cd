import dns from 'node:dns';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { loadSecurityConfig, loadTracingConfig, startTracing } from '@registry/lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGatewayServer } from '../src/http/gateway-server';

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const hostOf = (options: unknown): string | null =>
  typeof options === 'object' && options !== null && 'host' in options && typeof options.host === 'string'
    ? options.host
    : null;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('observability by default', () => {
  it('loads no OpenTelemetry and calls nothing outside the machine, metrics and logs included', async () => {
    const destinations: string[] = [];
    const connect = net.Socket.prototype.connect;
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
      this: net.Socket,
      ...args: Parameters<typeof connect>
    ) {
      const host = hostOf(args[0]);
      if (host !== null) destinations.push(host);
      return connect.apply(this, args);
    });
    const lookup = dns.lookup;
    vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
      destinations.push(hostname);
      return Reflect.apply(lookup, dns, [hostname, ...rest]);
    }) as typeof dns.lookup);

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
    expect(destinations.filter((host) => !LOOPBACK.test(host))).toEqual([]);
    const loaded = Object.keys(createRequire(__filename).cache);
    expect(
      loaded.filter((path) =>
        /@opentelemetry[\/](sdk-node|instrumentation-http|instrumentation-express)[\/]/.test(path),
      ),
    ).toEqual([]);
  });
});
