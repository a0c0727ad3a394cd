import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadDatabaseConfig } from '@registry/lib';
import { provideDatabaseServer } from '@registry/lib/database-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL server the tests create their databases on. */
    databaseServerUrl: string;
  }
}

const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * One real PostgreSQL for the whole run: DATABASE_URL's server when set, otherwise the embedded
 * one in a throwaway folder. Each test file then creates its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `pg-test-${process.pid}`;
  const server = await provideDatabaseServer({
    projectRoot: PROJECT_ROOT,
    name,
    durable: false,
    databaseUrl: loadDatabaseConfig(process.env).url,
  });
  project.provide('databaseServerUrl', server.url);
  return async () => {
    await server.stop();
    if (server.embedded) await rm(join(PROJECT_ROOT, '.data', name), { recursive: true, force: true });
  };
}
