import { createServer } from 'node:net';
import { GraphQLError } from 'graphql';
import pg from 'pg';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { domainErrorFromDatabase } from '../src/errors/database-errors';
import { DomainError, ErrorCode } from '../src/errors/domain-error';
import { formatError } from '../src/errors/graphql-errors';
import { adoptRequestId, withRequestScope } from '../src/http/request-scope';
import { captureLogs } from '../src/log/logger';
import { decodeCursor, encodeCursor } from '../src/schema/connection';

/** What pg really throws: `run` against a live server, or a connection to a closed port. */
async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}

async function uniqueViolation(): Promise<unknown> {
  const client = new pg.Client({ connectionString: inject('databaseServerUrl') });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE t (code text UNIQUE)');
    await client.query(`INSERT INTO t VALUES ('77-001')`);
    return await thrown(() => client.query(`INSERT INTO t VALUES ('77-001')`));
  } finally {
    await client.end();
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('expected a TCP address');
  return address.port;
}

/** Runs `fn` inside a request scope, as the servers' middleware does. */
const inRequest = <T>(id: string, fn: () => T): T =>
  withRequestScope(() => {
    adoptRequestId(id);
    return fn();
  });

const asResolverError = (original: Error) =>
  new GraphQLError(original.message, { path: ['createOrganization'], originalError: original });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('database errors', () => {
  it('maps a real unique violation (23505) to ALREADY_EXISTS naming the column, without the SQL or the value', async () => {
    const error = await uniqueViolation();
    const mapped = domainErrorFromDatabase(error);
    expect(mapped?.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(mapped?.details).toEqual({ fields: ['code'] });
    expect(mapped?.message).not.toMatch(/insert|77-001/i);
  });

  it('maps a real refused connection to SERVICE_UNAVAILABLE, without host or port', async () => {
    const port = await closedPort();
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'x', database: 'x', connectionTimeoutMillis: 2000 });
    const error = await thrown(() => client.connect());
    const mapped = domainErrorFromDatabase(error);
    expect(mapped?.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(mapped?.message).not.toContain(String(port));
    expect(domainErrorFromDatabase(new Error('something else'))).toBeNull();
  });
});

describe('formatError', () => {
  it('masks an unexpected error with the request id and logs the original with it', () => {
    const log = captureLogs('error');
    const error = asResolverError(
      new Error('insert into "organizations" ("code") values ($1) - invalid byte sequence'),
    );
    const formatted = inRequest('req-7', () =>
      formatError(
        { message: error.message, path: ['createOrganization'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        error,
      ),
    );
    log.stop();
    expect(formatted).toEqual({
      message: 'Internal error (request req-7)',
      path: ['createOrganization'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' },
    });
    expect(log.lines).toMatchObject([
      { level: 'error', msg: 'unexpected error', requestId: 'req-7', err: { message: error.message } },
    ]);
  });

  it('logs an error with each of its texts bounded, however long the statement it carries', () => {
    const log = captureLogs('error');
    const statement = `select * from statistics.coverage_figures(array['${'00000000-0000-0000-0000-000000000000,'.repeat(30_000)}'])`;
    const error = Object.assign(new Error(`${statement} - Knex: Timeout acquiring a connection`), { sql: statement });
    inRequest('req-9', () =>
      formatError(
        { message: error.message, path: ['coverageTable'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        error,
      ),
    );
    log.stop();
    const [line] = log.lines;
    expect(line).toMatchObject({ level: 'error', requestId: 'req-9', err: { type: 'Error' } });
    expect(JSON.stringify(line).length).toBeLessThan(20_000);
    expect(JSON.stringify(line)).toContain(`(${statement.length} characters, cut)`);
    expect(JSON.stringify(line)).toContain('select * from statistics.coverage_figures');
  });

  it('masks an error a subgraph passed on with an unknown code', () => {
    const error = new GraphQLError('connect ECONNREFUSED 127.0.0.1:5432 at /work/main/lib/src/db/orm.ts', {
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' },
    });
    const formatted = inRequest('req-8', () =>
      formatError({ message: error.message, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }, error),
    );
    expect(formatted.message).toBe('Internal error (request req-8)');
  });

  it('maps a driver error thrown in a resolver, and keeps domain and client errors as they are', async () => {
    const violation = await uniqueViolation();
    if (!(violation instanceof Error)) throw new Error('expected pg to throw an Error');
    const unique = inRequest('req-9', () =>
      formatError(
        { message: violation.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        asResolverError(violation),
      ),
    );
    expect(unique.extensions).toEqual({ code: ErrorCode.ALREADY_EXISTS, fields: ['code'], requestId: 'req-9' });
    expect(unique.message).not.toMatch(/insert/i);

    const domain = new DomainError(ErrorCode.NOT_FOUND, 'Organization with id "x" does not exist', { id: 'x' });
    expect(formatError({ message: domain.message }, asResolverError(domain))).toEqual({
      message: domain.message,
      extensions: { id: 'x', code: 'NOT_FOUND' },
    });
    const scalar = {
      message: 'Variable "$date" got invalid value "2026-13-01"',
      extensions: { code: 'BAD_USER_INPUT' },
    };
    expect(
      formatError(
        scalar,
        new GraphQLError(scalar.message, { originalError: new TypeError('2026-13-01 is not a date') }),
      ),
    ).toEqual(scalar);
  });
});

describe('decodeCursor with a shape', () => {
  it('refuses a cursor whose positions have the wrong type, and accepts its own', () => {
    const id = '0b1c2d3e-4f50-4612-8734-9a0b1c2d3e4f';
    expect(decodeCursor(encodeCursor(['Школа', id]), ['string', 'uuid'])).toEqual(['Школа', id]);
    const refusal = (cursor: string) => {
      try {
        decodeCursor(cursor, ['string', 'uuid']);
      } catch (error) {
        return error instanceof DomainError ? error.code : error;
      }
      return null;
    };
    expect(refusal(encodeCursor(['x', 'x']))).toBe(ErrorCode.INVALID_CURSOR);
    expect(refusal(encodeCursor([1, id]))).toBe(ErrorCode.INVALID_CURSOR);
    expect(refusal(encodeCursor(['x']))).toBe(ErrorCode.INVALID_CURSOR);
  });
});
