import 'reflect-metadata';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { configureLogging, loadDatabaseConfig, loadLoggingConfig } from '@registry/lib';
import { provideDatabaseServer } from '@registry/lib/database-server';
import { progressBar } from '../generator/progress';
import { parseCommandLine } from './options';
import { METHOD, renderSection } from './report';
import { writeReportSection } from './report-file';
import { runBench } from './run-bench';

/**
 * `npm run bench -- --scale tiny|small|medium|national [--seed N] [--duration-ms N]
 * [--concurrency N] [--out docs/benchmarks.md] [--loaded-database NAME --load-seconds JSON]`: the
 * benchmark of issue 6, on DATABASE_URL's
 * server or a throwaway embedded PostgreSQL, its section written into the report.
 */
async function main(): Promise<void> {
  // A line per request is what a service should log, not what a benchmark of millions of requests
  // should pay for or keep: at `info` a national run wrote 69 GB and filled the disk.
  configureLogging(loadLoggingConfig({ LOG_LEVEL: 'warn', ...process.env }));
  const args = process.argv.slice(2);
  const command = parseCommandLine(args);
  const projectRoot = join(__dirname, '..', '..');
  const server = await provideDatabaseServer({
    projectRoot,
    name: 'pg-bench',
    durable: false,
    databaseUrl: loadDatabaseConfig(process.env).url,
  });
  try {
    const result = await runBench({
      serverUrl: server.url,
      scale: command.scale,
      seed: command.seed,
      durationMs: command.durationMs,
      concurrency: command.concurrency,
      log: (line) => process.stderr.write(`${line}\n`),
      onLoadProgress: progressBar(),
      ...(command.loadedDatabase === null
        ? {}
        : { loaded: { database: command.loadedDatabase, seconds: command.loadSeconds } }),
    });
    const reused =
      command.loadedDatabase === null ? '' : ` --loaded-database ${command.loadedDatabase} --load-seconds '…'`;
    const text = `npm run bench -- --scale ${command.scale} --seed ${command.seed} --duration-ms ${command.durationMs} --concurrency ${command.concurrency}${reused}`;
    const out = resolve(projectRoot, command.out);
    await writeReportSection(out, METHOD, command.scale, renderSection(result, text));
    console.log(renderSection(result, text));
    console.log(`\nWritten to ${out}`);
  } finally {
    await server.stop();
    // A throwaway cluster: nothing in it is worth keeping, and a national run leaves gigabytes.
    if (server.embedded) await rm(join(projectRoot, '.data', 'pg-bench'), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
