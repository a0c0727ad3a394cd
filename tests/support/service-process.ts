import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');

/** How many log lines a service keeps: enough to show why it failed, not a whole fuzz run's access log. */
const KEPT_LINES = 2_000;

/**
 * One service started from the build with plain `node` (`…/dist/…`), as a deployment runs it:
 * only PATH and HOME are inherited (no NODE_ENV=test, no vitest variables, no compiler hook); its
 * JSON log lines are read as they come.
 */
export class ServiceProcess {
  readonly lines: Record<string, unknown>[] = [];
  stderr = '';
  readonly exited: Promise<unknown>;
  private readonly child: ChildProcess;
  private stopping = false;

  constructor(
    readonly entry: string,
    env: Record<string, string>,
  ) {
    const inherited = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
    this.child = spawn(process.execPath, [entry], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) if (line.trim()) this.lines.push(parseLine(line));
      if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    });
    this.child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-20_000)),
    );
    this.exited = once(this.child, 'exit');
    // A service that dies while tests talk to it would otherwise show only as the gateway's errors.
    void this.exited.then(() => {
      if (!this.stopping)
        console.error(
          `${entry} exited (${this.child.exitCode ?? this.child.signalCode}) while the tests ran:\n${this.tail()}`,
        );
    });
  }

  async waitFor(message: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.lines.find((line) => line['msg'] === message);
      if (found) return found;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${this.entry}: expected "${message}"\n${this.tail()}`);
  }

  /** Waits until the service answers `GET /health` (whatever its LOG_LEVEL lets it log). */
  async waitForHealth(baseUrl: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.child.exitCode === null) {
      const healthy = await fetch(`${baseUrl}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.entry}: expected it to answer ${baseUrl}/health\n${this.tail()}`);
  }

  /** The last log lines and stderr, for an error message. */
  tail(): string {
    return `stdout: ${this.lines
      .slice(-20)
      .map((line) => JSON.stringify(line))
      .join('\n')}\nstderr: ${this.stderr.slice(-4_000)}`;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? { ...parsed } : { text: line };
  } catch {
    return { text: line };
  }
}
