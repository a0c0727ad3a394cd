/**
 * Imports members from a CSV file into the registry's database:
 *
 *   node -r @swc-node/register subgraphs/members/src/cli/import-members.ts <file.csv> [--report errors.csv]
 *
 * into DATABASE_URL when set, otherwise into the embedded PostgreSQL of `npm start` (`.data/pg`;
 * the running server is shared, never stopped; REGISTRY_DATABASE picks the same database it does).
 *
 * Shows progress on stderr, prints the counts, writes the per-row error report when asked.
 * Exit code 0 when the file was processed, bad rows or not (they are in the report); 1 when it
 * could not be (no database, no file, a broken connection…).
 */
// First: the decorators of the subgraph's entities read the metadata it provides.
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandError, loadConfig, migrate, openOrm } from '@registry/lib';
import { provideDatabaseServer, withDatabase } from '@registry/lib/database-server';
import { membersSubgraph } from '../index';
import type { MemberImportOutcome } from '../services/member-import';
import { errorReportCsv, importMembers } from '../services/member-import';

const USAGE =
  'usage: import-members <file.csv> [--report errors.csv]   (into DATABASE_URL, or the embedded database of `npm start`)';

const PROJECT_ROOT = join(__dirname, '..', '..', '..', '..');

interface Arguments {
  file: string;
  report: string | null;
}

function readArguments(argv: readonly string[]): Arguments {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { report: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const [file, ...rest] = positionals;
  if (values.help || !file || rest.length > 0) throw new CommandError(USAGE);
  return { file, report: values.report ?? null };
}

/**
 * A one-line progress bar on stderr, redrawn with \r at most ten times a second: share of the
 * file's bytes read, rows, rows per second. Silent when stderr is not a terminal (logs, CI).
 */
class Progress {
  private readonly started = performance.now();
  private bytes = 0;
  private rows = 0;
  private drawnAt = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  read(bytes: number): void {
    this.bytes += bytes;
  }

  update(rows: number): void {
    this.rows = rows;
    const now = performance.now();
    if (now - this.drawnAt >= 100) this.draw(now);
  }

  finish(): void {
    this.draw(performance.now());
    if (this.out.isTTY) this.out.write('\n');
  }

  private draw(now: number): void {
    this.drawnAt = now;
    if (!this.out.isTTY) return;
    const share = this.totalBytes > 0 ? Math.min(1, this.bytes / this.totalBytes) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const rate = this.rows / Math.max((now - this.started) / 1000, 0.001);
    this.out.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ` +
        `${this.rows.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s  `,
    );
  }
}

/** The file's chunks, counted for the progress bar as they are read. */
async function* countedChunks(file: string, progress: Progress): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    if (!Buffer.isBuffer(chunk)) throw new Error(`expected bytes from ${file}`);
    progress.read(chunk.length);
    yield chunk;
  }
}

function summary(outcome: MemberImportOutcome, seconds: number): string {
  const rate = Math.round(outcome.rows / Math.max(seconds, 0.001)).toLocaleString('en');
  return [
    `rows read:  ${outcome.rows}`,
    `created:    ${outcome.created}`,
    `updated:    ${outcome.updated}`,
    `unchanged:  ${outcome.unchanged}`,
    `errors:     ${outcome.errors.length}${outcome.errors.length > 0 ? ` (in ${new Set(outcome.errors.map((error) => error.line)).size} rows)` : ''}`,
    `time:       ${seconds.toFixed(1)} s (${rate} rows/s)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { file, report } = readArguments(process.argv.slice(2));
  const config = loadConfig(process.env, { subgraphs: ['members'] });
  const size = (await stat(file)).size;
  // The same database `npm start` uses: DATABASE_URL, or its embedded server (reused while it runs).
  const server = await provideDatabaseServer({
    projectRoot: PROJECT_ROOT,
    name: 'pg',
    durable: true,
    databaseUrl: config.database.url,
  });
  const databaseName = config.tools.databaseName;
  const orm = await openOrm(databaseName ? withDatabase(server.url, databaseName) : server.url, membersSubgraph).catch(
    async (error: unknown) => {
      await server.stop();
      throw error;
    },
  );
  try {
    await migrate(orm);
    const progress = new Progress(size);
    const started = performance.now();
    const outcome = await importMembers(orm.em.fork(), {
      actor: `cli:${userInfo().username}`,
      source: countedChunks(file, progress),
      onProgress: (rows) => progress.update(rows),
    });
    progress.finish();
    console.log(summary(outcome, (performance.now() - started) / 1000));
    if (report) {
      await writeFile(report, errorReportCsv(outcome.errors));
      console.log(`error report: ${report}`);
    } else if (outcome.errors.length > 0) {
      console.log('run again with --report errors.csv for the list of bad rows');
    }
  } finally {
    await orm.close();
    await server.stop();
  }
}

/** Usage mistakes and system errors (no such file, connection refused) need their message only; anything else its stack. */
function describe(error: unknown): string {
  if (error instanceof CommandError) return error.message;
  if (error instanceof Error)
    return `import-members failed: ${'code' in error ? error.message : (error.stack ?? error.message)}`;
  return `import-members failed: ${String(error)}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(describe(error));
    process.exit(1);
  },
);
