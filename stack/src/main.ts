import 'reflect-metadata';
import { join, relative } from 'node:path';
import { signDevelopmentToken } from '@registry/gateway';
import type { DatabaseServer } from '@registry/lib/database-server';
import { CommandError, configureLogging, loadConfig, Role } from '@registry/lib';
import { provideDatabaseServer, withDatabase } from '@registry/lib/database-server';
import { PROJECT_ROOT, startStack } from './stack';

/**
 * `npm start`: the embedded PostgreSQL (or DATABASE_URL), migrations, the demo union (into an
 * empty registry, unless DEMO=0 or `--empty`), four subgraphs and the gateway, in one process;
 * Ctrl-C stops everything, the database last.
 */
async function main(): Promise<void> {
  const started = Date.now();
  // A mistake in the settings (PORT=40o0) is a CommandError: named, without a stack trace.
  const config = loadConfig(process.env);
  configureLogging(config.logging);
  const { security } = config;
  const gatewayPort = config.http.port ?? 4000;
  const database = await provideDatabaseServer({
    projectRoot: PROJECT_ROOT,
    name: 'pg',
    durable: true,
    databaseUrl: config.database.url,
  });
  // A printed admin token signed with a production secret would be a working credential in a log.
  const token =
    security.environment === 'production'
      ? null
      : signDevelopmentToken(security.jwtSecret, { sub: 'dev-central-admin', roles: [Role.CENTRAL_ADMIN] });
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const shutdown = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping the registry…`);
    await stack?.stop();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // REGISTRY_DATABASE picks another database on the same server, e.g. one `npm run seed` made.
  const databaseName = config.tools.databaseName;
  const databaseUrl = databaseName ? withDatabase(database.url, databaseName) : database.url;
  try {
    // DEMO=0 or --empty: a registry for one's own data, with not even the organization tree in it.
    const demo = config.tools.demo && !process.argv.includes('--empty');
    stack = await startStack({
      databaseUrl,
      config,
      gatewayPort,
      seedDemo: demo,
      ...(token ? { graphiqlToken: token } : {}),
    });
  } catch (error) {
    await database.stop();
    throw error;
  }
  const graphiql = stack.gatewayUrl.replace(/\/graphql$/, '/graphiql');
  console.log(
    [
      '',
      `Union registry is up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      databaseLine(database, databaseUrl),
      `  GraphQL:   ${stack.gatewayUrl}`,
      `  subgraphs: ${[...stack.subgraphs].map(([name, { url }]) => `${name} ${url.replace(/^http:\/\/127\.0\.0\.1/, '')}`).join(', ')}`,
      `  GraphiQL:  ${graphiql}`,
      '',
      ...(token
        ? ['Development token of a central admin (12 h), pre-filled in GraphiQL:', `  Authorization: Bearer ${token}`]
        : ['NODE_ENV=production: no development token; send a token of your identity provider.']),
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

/**
 * Where the data is, with the password masked: the URL is what the import CLI and psql need, and
 * the credentials file holds the password (the members import finds both by itself).
 */
function databaseLine(database: DatabaseServer, databaseUrl: string): string {
  const masked = new URL(databaseUrl);
  if (masked.password) masked.password = '***';
  if (!database.embedded || !database.dataDir) return `  database:  ${masked.toString()} (DATABASE_URL)`;
  const credentials = relative(process.cwd(), join(database.dataDir, 'credentials.json'));
  const shared = database.startedHere ? '' : '; already running for another command, left running on exit';
  return `  database:  ${masked.toString()} (embedded; password in ${credentials}${shared})`;
}

main().catch((error: unknown) => {
  // Start-up mistakes (a setting, a port taken) say everything in their message; anything else keeps its stack.
  console.error(error instanceof CommandError ? `npm start: ${error.message}` : error);
  process.exit(1);
});
