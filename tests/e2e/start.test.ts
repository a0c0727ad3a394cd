import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabase, findFreePort } from '@registry/lib/testing';

const PROJECT_ROOT = join(__dirname, '..', '..');
const STARTED = 'Union registry is up';

/** `npm start` as a newcomer runs it: a child process, its output read until it is up or gone. */
class StartedStack {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'stack/src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DEMO: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = once(this.child, 'exit').then(([code]: unknown[]) => (typeof code === 'number' ? code : null));
  }

  /** Resolves when the banner is printed, or with the exit code when the process ends first. */
  async upOrExit(timeoutMs: number): Promise<'up' | number | null> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (this.stdout.includes(STARTED) && this.stdout.includes('Ctrl-C')) return 'up';
      if (exitCode !== undefined) return exitCode;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `npm start neither came up nor exited in ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
    );
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(null) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

let database: { url: string; drop(): Promise<void> };
const blockers: Server[] = [];
const stacks: StartedStack[] = [];

beforeAll(async () => {
  database = await createScratchDatabase(inject('databaseServerUrl'), 'start');
});

afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.kill()));
  await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
  await database.drop();
});

describe('npm start', () => {
  it('comes up on the chosen PORT while 4001 is taken, and prints the database URL without its password', async () => {
    // The subgraphs' old fixed port: held here unless something else already holds it.
    const blocker = await listenOn(4001);
    if (blocker) blockers.push(blocker);
    const port = await findFreePort();
    const stack = new StartedStack({ PORT: String(port), DATABASE_URL: database.url });
    stacks.push(stack);
    expect(await stack.upOrExit(120_000), stack.stderr).toBe('up');

    expect(stack.stdout).toContain(`GraphQL:   http://127.0.0.1:${port}/graphql`);
    const password = new URL(database.url).password;
    expect(password).not.toBe('');
    expect(stack.stdout).not.toContain(password);
    expect(stack.stdout).toMatch(/database: {2}postgresql:\/\/[^:]+:\*\*\*@127\.0\.0\.1:\d+\//);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    await stack.kill();
  }, 150_000);

  it('says which port is taken and what to do when PORT is in use', async () => {
    const port = await findFreePort();
    const blocker = await listenOn(port);
    if (!blocker) throw new Error(`port ${port} was free a moment ago`);
    blockers.push(blocker);
    const stack = new StartedStack({ PORT: String(port), DATABASE_URL: database.url });
    stacks.push(stack);
    expect(await stack.upOrExit(120_000)).toBe(1);
    expect(stack.stderr).toContain(`npm start: Port ${port} on 127.0.0.1 is already in use`);
    expect(stack.stderr).toContain('PORT=');
    expect(stack.stderr).not.toContain('    at ');
  }, 150_000);

  it('refuses a PORT that is not a port', async () => {
    const stack = new StartedStack({ PORT: '40o0', DATABASE_URL: database.url });
    stacks.push(stack);
    expect(await stack.upOrExit(60_000)).toBe(1);
    expect(stack.stderr).toContain('PORT must be a TCP port (0–65535), got "40o0"');
  }, 90_000);
});
