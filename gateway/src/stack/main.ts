import 'reflect-metadata';
import { loadSecurityConfig, provideDatabaseServer, Role, withDatabase } from '@registry/lib';
import { signDevelopmentToken } from '../auth/authenticate';
import { PROJECT_ROOT, startStack } from './stack';

/**
 * `npm start`: the embedded PostgreSQL (or DATABASE_URL), migrations, the demo union (into an
 * empty registry, unless DEMO=0 or `--empty`), four subgraphs and the gateway, in one process;
 * Ctrl-C stops everything, the database last.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const security = loadSecurityConfig();
  const database = await provideDatabaseServer({ projectRoot: PROJECT_ROOT, name: 'pg', durable: true });
  // A printed admin token signed with a production secret would be a working credential in a log.
  const token =
    security.environment === 'production' ? null : signDevelopmentToken(security.jwtSecret, { sub: 'dev-central-admin', roles: [Role.CENTRAL_ADMIN] });
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const shutdown = async (signal: string): Promise<void> => {
    console.log(`\n${signal}: stopping the registry…`);
    await stack?.stop();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    // REGISTRY_DATABASE picks another database on the same server, e.g. one `npm run seed` made.
    const databaseName = process.env['REGISTRY_DATABASE'];
    // DEMO=0 or --empty: a registry for one's own data, with not even the organization tree in it.
    const demo = process.env['DEMO'] !== '0' && !process.argv.includes('--empty');
    stack = await startStack({
      databaseUrl: databaseName ? withDatabase(database.url, databaseName) : database.url,
      security,
      gatewayPort: Number(process.env['PORT'] ?? 4000),
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
      `  database:  ${database.embedded ? 'embedded PostgreSQL (.data/pg)' : 'DATABASE_URL'}`,
      `  GraphQL:   ${stack.gatewayUrl}`,
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
