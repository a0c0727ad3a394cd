import { CommandError } from '../errors/command-error';
import type { Env } from './environment';

/** pino's levels; `silent` writes nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggingConfig {
  readonly level: LogLevel;
}

/** LOG_LEVEL, else `info`; tests (NODE_ENV=test) are quiet unless LOG_LEVEL says otherwise. */
export function loadLoggingConfig(env: Env): LoggingConfig {
  const text = env['LOG_LEVEL']?.trim().toLowerCase();
  if (!text) return { level: env['NODE_ENV'] === 'test' ? 'silent' : 'info' };
  const level = LOG_LEVELS.find((known) => known === text);
  if (!level)
    throw new CommandError(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(text)}`);
  return { level };
}
