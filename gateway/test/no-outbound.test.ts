import dns from 'node:dns';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../src/gateway';

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const hostOf = (options: unknown): string | null =>
  typeof options === 'object' && options !== null && 'host' in options && typeof options.host === 'string'
    ? options.host
    : null;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway calls out of the machine', () => {
  it('never: no usage reporting, no cloud metadata probes', async () => {
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
    delete process.env['APOLLO_TELEMETRY_DISABLED'];

    const supergraphSdl = await readFile(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = createGateway({ supergraphSdl, internalSecret: 'test-only-internal-secret' });
    await gateway.load();
    // The detectors probe in the background right after the gateway is made.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await gateway.stop();

    expect(destinations.filter((host) => !LOOPBACK.test(host))).toEqual([]);
  });
});
