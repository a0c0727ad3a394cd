import 'reflect-metadata';
import { join } from 'node:path';
import { Client } from 'pg';
import { configureLogging, loadDatabaseConfig, loadLoggingConfig } from '@registry/lib';
import { provideDatabaseServer, withDatabase } from '@registry/lib/database-server';
import { loadUnion } from './load-union';
import { progressBar } from './progress';
import { isScaleName, SCALES } from './scales';

/**
 * `npm run seed -- --scale small|medium|national [--seed N]`: generates a union of that size
 * into the database `union_<scale>` (recreated) on DATABASE_URL's server or the embedded one,
 * then says how to start the registry on it.
 */
async function main(): Promise<void> {
  configureLogging(loadLoggingConfig(process.env));
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const scaleName = option('scale') ?? 'small';
  if (!isScaleName(scaleName))
    throw new Error(`--scale: expected one of ${Object.keys(SCALES).join(', ')}, got ${scaleName}`);
  const seed = Number(option('seed') ?? 20200101);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected a whole number, got ${option('seed')}`);

  const server = await provideDatabaseServer({
    projectRoot: join(__dirname, '..', '..'),
    name: 'pg',
    durable: true,
    databaseUrl: loadDatabaseConfig(process.env).url,
  });
  const database = `union_${scaleName}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.query(`create database ${database} template template0 encoding 'UTF8'`);
  await admin.end();
  try {
    const started = Date.now();
    const summary = await loadUnion(withDatabase(server.url, database), SCALES[scaleName], seed, progressBar());
    process.stderr.write('\n');
    console.log(
      JSON.stringify({ scale: scaleName, seed, ...summary, totalSeconds: (Date.now() - started) / 1000 }, null, 2),
    );
    console.log(`\nStart the registry on it: REGISTRY_DATABASE=${database} npm start`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
