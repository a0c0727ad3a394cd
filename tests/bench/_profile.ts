import 'reflect-metadata';
import { PROJECT_ROOT, signDevelopmentToken, startStack } from '@registry/gateway';
import { createScratchDatabase, encodeViewerHeaders, loadSecurityConfig, provideDatabaseServer, Role } from '@registry/lib';
import { loadUnion } from '../generator/load-union';
import { SCALES } from '../generator/scales';
import { startGatewayProcess } from './gateway-process-client';
import { startLoadClient } from './load-client';
import { runningSupergraph, subgraphUrls } from './measure-reads';
import { coverageTree } from './queries';
import { cpuSnapshot } from './cpu-time';

async function main() {
  const which = (process.argv[2] ?? 'ours') as 'ours' | 'hive';
  const server = await provideDatabaseServer({ projectRoot: PROJECT_ROOT, name: 'pg-profile', durable: false });
  const db = await createScratchDatabase(server.url, 'prof');
  await loadUnion(db.url, SCALES.small, 20200101);
  const security = loadSecurityConfig();
  const stack = await startStack({ databaseUrl: db.url, security, gatewayPort: 0, seedDemo: false });
  const headers = encodeViewerHeaders({ subject: 'bench-central-admin', roles: [Role.CENTRAL_ADMIN], organizationId: null, memberId: null, partnerId: null }, security.internalSecret);
  const token = signDevelopmentToken(security.jwtSecret, { sub: 'bench-central-admin', roles: [Role.CENTRAL_ADMIN] });
  const loader = await startLoadClient();
  const gw = await startGatewayProcess({ type: 'start', which, supergraphSdl: await runningSupergraph(), subgraphUrls: subgraphUrls(stack), internalSecret: security.internalSecret, jwtSecret: security.jwtSecret, headers });
  const body = JSON.stringify({ query: coverageTree(Number(process.argv[3] ?? 1)) });
  const pids = [process.pid, gw.pid, loader.pid];
  const before = cpuSnapshot(pids)!;
  const r = await loader.run({ kind: 'post', steps: [{ url: gw.url, headers: which === 'ours' ? { authorization: `Bearer ${token}` } : {}, body }] }, { concurrency: 8, durationMs: 5000, maxRequests: 100000, warmup: 20 });
  const after = cpuSnapshot(pids)!;
  const total = r.requests + 20;
  const per = (pid: number) => ((after.byPid.get(pid)! - before.byPid.get(pid)!) / total).toFixed(2);
  console.log(which, r.perSecond.toFixed(0), 'req/s; cpu ms/request: stack', per(process.pid), 'gateway', per(gw.pid), 'loadgen', per(loader.pid), 'postgres', ((after.postgres - before.postgres) / total).toFixed(2));
  await gw.stop(); await loader.close(); await stack.stop(); await db.drop(); await server.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
