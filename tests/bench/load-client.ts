import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { HttpJob } from './http-jobs';
import type { LoadRequest } from './load-process';
import type { LoadResult, LoadShape } from './run-load';

/** The parent's handle on the load generator process. */
export interface LoadClient {
  /** The load generator's process id (its CPU time is read from /proc). */
  readonly pid: number;
  run(job: HttpJob, shape: LoadShape): Promise<LoadResult>;
  close(): Promise<void>;
}

type Reply = { id: number; result: LoadResult } | { id: number; failure: string };

/**
 * Forks `load-process.ts` under SWC (the same way `npm run bench` runs) and sends it jobs, one at
 * a time. The child is a plain Node process, also when the parent runs inside vitest.
 */
export async function startLoadClient(): Promise<LoadClient> {
  const child: ChildProcess = fork(join(__dirname, 'load-process.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(result: LoadResult): void; reject(error: Error): void }>();
  child.on('message', (message: Reply) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if ('result' in message) waiting?.resolve(message.result);
    else waiting?.reject(new Error(`Load generator failed: ${message.failure}`));
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`Load generator exited with code ${code}`));
    pending.clear();
  });
  return {
    pid: child.pid ?? -1,
    run: (job, shape) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const request: LoadRequest = { id, job, shape };
        child.send(request);
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
