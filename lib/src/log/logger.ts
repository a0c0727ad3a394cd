import pino from 'pino';
import type { LoggingConfig, LogLevel } from '../config/logging';
import { currentScope } from '../http/request-scope';

/** Where log lines go: one JSON object per `write`, each ending with a newline. */
export interface LogDestination {
  write(line: string): void;
}

// Synchronous: a line logged just before `process.exit` (a failed start) must not be lost, and
// one line per request is a cheap write.
const stdout: LogDestination = pino.destination({ dest: 1, sync: true });
let target: LogDestination = stdout;

/**
 * The most characters of any one text in a logged error. A driver error carries its statement
 * and bindings, and over a national page of ids they are megabytes: a burst of pool timeouts
 * once logged enough of them to fill a disk (docs/benchmarks.md, Findings).
 */
const ERROR_TEXT_LIMIT = 4_000;

/** `value` with every text longer than the limit cut, saying how long it was. */
function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length <= ERROR_TEXT_LIMIT
      ? value
      : `${value.slice(0, ERROR_TEXT_LIMIT)}… (${value.length} characters, cut)`;
  }
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => bounded(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bounded(item, depth + 1)]));
}

/** pino's error serializer (type, message, stack, causes, own fields), every text and list bounded. */
const boundedError = (error: unknown): unknown =>
  bounded(error instanceof Error ? pino.stdSerializers.err(error) : error);

/**
 * The one logger of the process (JSON lines, pino). Every line logged while a request is served
 * carries that request's id and the service serving it, read from the request scope: the id the
 * gateway made (or took from the caller's `x-request-id`) and signed into the viewer header, so a
 * request is found at every hop by one id.
 */
export const logger: pino.Logger = pino(
  {
    // Until the process's entry applies its configuration (`configureLogging`).
    level: 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: boundedError },
    mixin: () => {
      const scope = currentScope();
      return scope ? { requestId: scope.id, service: scope.service } : {};
    },
  },
  // Forwarded, so tests can capture lines without replacing the logger every module imported.
  { write: (line: string) => target.write(line) },
);

/** Applies the logging settings; `destination` replaces stdout (tests read the lines). */
export function configureLogging(config: LoggingConfig & { destination?: LogDestination }): void {
  logger.level = config.level;
  target = config.destination ?? stdout;
}

/** Collects the lines logged until `stop()` (then logging is as before), parsed. */
export function captureLogs(level: LogLevel = 'info'): { readonly lines: Record<string, unknown>[]; stop(): void } {
  const previous = { level: logger.level, target };
  const lines: Record<string, unknown>[] = [];
  logger.level = level;
  target = {
    write: (line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null) lines.push({ ...parsed });
    },
  };
  return {
    lines,
    stop: () => {
      logger.level = previous.level;
      target = previous.target;
    },
  };
}
