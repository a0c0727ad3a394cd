import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  /** URL of a database the caller may use (the embedded server's `postgres` database, or DATABASE_URL). */
  readonly url: string;
  readonly embedded: boolean;
  /** The embedded server's data folder (its `credentials.json` is there); null with DATABASE_URL. */
  readonly dataDir: string | null;
  /**
   * False when the embedded server was already running for another live process (`npm start`
   * beside `npm run seed`): it is shared, and `stop()` leaves it running.
   */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise a real PostgreSQL from the npm package, with its data in
 * `<projectRoot>/.data/<name>` (git-ignored).
 */
export async function provideDatabaseServer(options: {
  projectRoot: string;
  name: string;
  durable: boolean;
  log?: (line: string) => void;
  /** DATABASE_URL's server instead of the embedded one (the configuration's `database.url`); null: the embedded one. */
  databaseUrl: string | null;
}): Promise<DatabaseServer> {
  const external = options.databaseUrl;
  if (external)
    return { url: external, embedded: false, dataDir: null, startedHere: false, stop: async () => undefined };
  const dataDir = join(options.projectRoot, '.data', options.name);
  const running = await startEmbeddedPostgres({
    dataDir,
    durable: options.durable,
    ...(options.log ? { log: options.log } : {}),
  });
  return { url: running.url, embedded: true, dataDir, startedHere: running.startedHere, stop: running.stop };
}
