import { CommandError } from '../errors/command-error';

/**
 * The variables a process was started with: `process.env`, passed by the process's entry point
 * (`server.ts`, `main.ts`, a CLI) and nowhere else read; a literal in tests.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where a process runs; only `production` refuses development defaults. */
export type Environment = 'development' | 'test' | 'production';
const ENVIRONMENTS: readonly Environment[] = ['development', 'test', 'production'];

/** `NODE_ENV`, unset meaning development; a misspelt value is an error, not a silent development mode. */
export function environmentOf(env: Env): Environment {
  const value = env['NODE_ENV'];
  if (value === undefined || value === '') return 'development';
  const known = ENVIRONMENTS.find((environment) => environment === value);
  if (!known)
    throw new CommandError(
      `NODE_ENV: expected one of ${ENVIRONMENTS.join(', ')} (or unset for development), got ${JSON.stringify(value)}`,
    );
  return known;
}
