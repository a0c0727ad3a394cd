import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { GatewayProcessReply, GatewayProcessRequest } from './gateway-process';

/** The parent's handle on a gateway running in its own process. */
export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** RSS of Node with the SWC hook, before the gateway's code was loaded (MB). */
  readonly baselineRssMb: number;
  /** RSS right after start (MB): the gateway idle, its schema and plans not yet used. */
  readonly startRssMb: number;
  /** Starts a new peak: the next {@link readRss} reports the highest RSS from now on. */
  resetRss(): Promise<void>;
  readRss(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks `gateway-process.ts` under SWC and starts one gateway in it. With
 * `BENCH_CPU_PROFILE_DIR` set, the process writes a V8 CPU profile there when it stops (open it
 * in Chrome DevTools or speedscope): how the figures below were explained.
 */
export async function startGatewayProcess(
  start: Extract<GatewayProcessRequest, { type: 'start' }>,
): Promise<GatewayProcess> {
  const profileDir = process.env['BENCH_CPU_PROFILE_DIR'];
  const profile = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${start.which}-gateway-${Date.now()}.cpuprofile`]
    : [];
  const child = fork(join(__dirname, 'gateway-process.ts'), [], {
    execArgv: [...profile, '-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (request: GatewayProcessRequest): Promise<GatewayProcessReply> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`The gateway process exited with code ${code}`));
      child.once('exit', onExit);
      child.once('message', (message: GatewayProcessReply) => {
        child.off('exit', onExit);
        resolve(message);
      });
      child.send(request);
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' } satisfies GatewayProcessRequest);
    // A gateway that does not close within 5 s is ended the hard way.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const started = await ask(start);
  if (started.type !== 'listening') {
    await stop();
    throw new Error(
      `The ${start.which} gateway did not start: ${started.type === 'failed' ? started.message : started.type}`,
    );
  }
  const readRss = async (request: GatewayProcessRequest): Promise<number> => {
    const answer = await ask(request);
    return answer.type === 'rss' ? answer.peakMb : Number.NaN;
  };
  return {
    url: started.url,
    pid: child.pid ?? -1,
    baselineRssMb: started.baselineRssMb,
    startRssMb: started.rssMb,
    resetRss: async () => {
      await readRss({ type: 'reset-rss' });
    },
    readRss: () => readRss({ type: 'read-rss' }),
    stop,
  };
}
