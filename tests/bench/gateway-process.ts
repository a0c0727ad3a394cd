import type { RunningServer, Viewer } from '@registry/lib';

/**
 * A gateway alone in its own process (forked by `gateway-process-client.ts`), over the subgraphs
 * of the parent's stack: its RSS is then the gateway's own, not the whole stack's, and it runs as
 * production runs it (a process of its own). Samples its RSS every 100 ms and reports the peak
 * since the last reset.
 */
/**
 * Our gateway; Hive Gateway doing the same work; Hive Gateway as shipped (sharing identical
 * in-flight subgraph requests); Hive Gateway as shipped with the Rust query planner.
 */
export type GatewayKind = 'ours' | 'hive' | 'hiveShipped' | 'hiveRouter';

export type GatewayProcessRequest =
  | {
      type: 'start';
      which: GatewayKind;
      supergraphSdl: string;
      subgraphUrls: Record<string, string>;
      internalSecret: string;
      jwtSecret: string;
      /** The viewer Hive Gateway signs onto its subgraph requests (ours signs its caller's). */
      viewer: Viewer;
    }
  | { type: 'reset-rss' }
  | { type: 'read-rss' }
  /** Closes the gateway and exits: Hive Gateway's runtime holds SIGTERM for a graceful dispose, so a kill alone does not end it. */
  | { type: 'stop' };

export type GatewayProcessReply =
  | { type: 'listening'; url: string; baselineRssMb: number; rssMb: number }
  | { type: 'rss'; peakMb: number }
  | { type: 'failed'; message: string };

/** Node and the SWC hook alone, before either gateway's code is loaded. */
const baselineRssMb = process.memoryUsage.rss() / 1024 / 1024;
let peak = 0;
setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 100).unref();

const reply = (message: GatewayProcessReply): void => {
  process.send?.(message);
};

let running: RunningServer | null = null;
process.on('message', (message: GatewayProcessRequest) => {
  if (message.type === 'reset-rss') {
    peak = process.memoryUsage.rss();
    reply({ type: 'rss', peakMb: peak / 1024 / 1024 });
  } else if (message.type === 'read-rss') {
    reply({ type: 'rss', peakMb: Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024 });
  } else if (message.type === 'stop') {
    const closing = running ? running.close() : Promise.resolve();
    void closing.finally(() => process.exit(0));
  } else if (!running) {
    start(message)
      .then((server) => {
        running = server;
        reply({ type: 'listening', url: server.url, baselineRssMb, rssMb: process.memoryUsage.rss() / 1024 / 1024 });
      })
      .catch((error: unknown) =>
        reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
  }
});

/** Loads only the gateway asked for, so its process holds nothing of the other. */
async function start(message: Extract<GatewayProcessRequest, { type: 'start' }>): Promise<RunningServer> {
  if (message.which !== 'ours') {
    const { startHiveGateway } = await import('./peer-gateway');
    const hive = await startHiveGateway({
      supergraphSdl: message.supergraphSdl,
      subgraphUrls: message.subgraphUrls,
      viewer: message.viewer,
      internalSecret: message.internalSecret,
      deduplicate: message.which !== 'hive',
      rustPlanner: message.which === 'hiveRouter',
    });
    return { url: hive.url, close: () => hive.stop() };
  }
  await import('reflect-metadata');
  const { startGatewayServer } = await import('@registry/gateway');
  const { loadSecurityConfig } = await import('@registry/lib');
  return startGatewayServer({
    supergraphSdl: message.supergraphSdl,
    security: loadSecurityConfig({
      NODE_ENV: 'test',
      REGISTRY_INTERNAL_SECRET: message.internalSecret,
      JWT_SECRET: message.jwtSecret,
    }),
    subgraphUrls: message.subgraphUrls,
    port: 0,
  });
}
