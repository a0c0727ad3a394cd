import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordOutbound } from './support/outbound';
import { createGateway } from '../src/gateway';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the gateway calls out of the machine', () => {
  it('never: no usage reporting, no cloud metadata probes', async () => {
    const outbound = recordOutbound();
    delete process.env['APOLLO_TELEMETRY_DISABLED'];

    const supergraphSdl = await readFile(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const gateway = createGateway({ supergraphSdl, internalSecret: 'test-only-internal-secret' });
    await gateway.load();
    // The detectors probe in the background right after the gateway is made.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await gateway.stop();

    expect(outbound.offMachine()).toEqual([]);
  });
});
