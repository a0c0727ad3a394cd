import { DomainError, ErrorCode } from './domain-error';

/**
 * Node's codes for a socket that could not be opened or was lost, and PostgreSQL's SQLSTATEs for
 * "the server is not taking work" (class 08 is matched as a prefix): the caller can retry later.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** Errors the pg driver and the pool raise without a code when the connection goes or never comes. */
const UNREACHABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
  /Timeout acquiring a connection/,
];
const UNIQUE_VIOLATION = '23505';

/**
 * Turns what the database driver threw into the typed error a client may see, or null when it is
 * not a driver error we know. Driver messages hold the SQL statement with its values, hosts and
 * ports, so nothing of the original error is passed on: the answer says only what a client can act on.
 */
export function domainErrorFromDatabase(error: unknown): DomainError | null {
  for (const candidate of causes(error)) {
    const code = stringProperty(candidate, 'code');
    if (code === UNIQUE_VIOLATION) {
      // pg's detail reads `Key (code)=(77-001) already exists.`: the column names are the client's own input fields.
      const columns = /^Key \(([^)]*)\)=/.exec(stringProperty(candidate, 'detail') ?? '')?.[1];
      const fields = columns ? columns.split(',').map((column) => column.trim()) : [];
      return new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `${fields.length > 0 ? fields.join(', ') : 'A unique value'}: expected a value not taken yet, got one that another record already has`,
        { fields },
      );
    }
    const message = stringProperty(candidate, 'message') ?? '';
    if (
      (code !== undefined && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) ||
      UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))
    ) {
      return new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'Service unavailable: expected the database to answer, got no connection; try again later',
        {},
      );
    }
  }
  return null;
}

/** The error and what it wraps: MikroORM copies the driver's fields, AggregateError (a refused dual-stack connect) holds several. */
function* causes(error: unknown, depth = 0): Generator<unknown, void> {
  if (typeof error !== 'object' || error === null || depth > 5) return;
  yield error;
  if ('cause' in error) yield* causes(error.cause, depth + 1);
  if ('previous' in error) yield* causes(error.previous, depth + 1);
  if (error instanceof AggregateError) for (const inner of error.errors) yield* causes(inner, depth + 1);
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const property: unknown = Reflect.get(value, key);
  return typeof property === 'string' ? property : undefined;
}
