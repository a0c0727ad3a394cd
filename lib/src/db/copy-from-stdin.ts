/**
 * `COPY … FROM STDIN` over a pg client, and the pg client of a MikroORM transaction, so a bulk
 * load can stream rows into PostgreSQL on the transaction's own connection.
 *
 * Why not pg-copy-streams: it is not a dependency of this repository. pg's documented
 * "Submittable" hook (`client.query(objectWithSubmit)`) is the mechanism pg-copy-streams (and
 * pg-cursor) are built on; {@link CopyFromStdin} uses it the same way, with no extra package.
 */
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Connection, Submittable } from 'pg';
import { Client } from 'pg';

/** The part of pg's Connection the COPY sub-protocol needs: present in pg 8, not in @types/pg. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: Duplex;
}

function isCopyConnection(value: unknown): value is CopyConnection {
  return (
    typeof value === 'object' &&
    value !== null &&
    'sendCopyFromChunk' in value &&
    typeof value.sendCopyFromChunk === 'function' &&
    'endCopyFrom' in value &&
    typeof value.endCopyFrom === 'function' &&
    'sendCopyFail' in value &&
    typeof value.sendCopyFail === 'function' &&
    'stream' in value
  );
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Whoever awaits it sees the rejection; nobody awaiting it is not a crash.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * `COPY … FROM STDIN` on a pg client. pg hands any object with `submit(connection)` its
 * connection and then calls the object's `handle*` methods as the server answers: the
 * "Submittable" interface pg-cursor and pg-copy-streams are built on. Writes wait for the socket
 * to drain, so a fast parser cannot buffer a whole file in memory.
 *
 * pg-copy-streams is not a dependency; this is its mechanism through pg's documented hook. Queue
 * it with `client.query(copy)`, then {@link CopyFromStdin.write} the data and
 * {@link CopyFromStdin.end} it, or {@link CopyFromStdin.abort} on failure so the transaction can
 * roll back.
 */
export class CopyFromStdin implements Submittable {
  private state: 'copying' | 'ending' | 'done' = 'copying';
  private rowCount = 0;
  private connection: CopyConnection | null = null;
  private readonly started = deferred<CopyConnection>();
  private readonly finished = deferred<number>();

  constructor(private readonly text: string) {}

  /** pg: our turn on the connection. Returning an error makes pg fail this query without sending it. */
  submit(connection: Connection): Error | undefined {
    if (!isCopyConnection(connection))
      return new Error('this pg version has no COPY methods on its connection (sendCopyFromChunk…)');
    this.connection = connection;
    connection.query(this.text);
    return undefined;
  }

  /** pg: the server is ready for data. */
  handleCopyInResponse(): void {
    if (this.connection) this.started.resolve(this.connection);
  }

  /** pg: `COPY <n>`. */
  handleCommandComplete(message: unknown): void {
    const text = typeof message === 'object' && message !== null && 'text' in message ? String(message.text) : '';
    this.rowCount = Number(/^COPY (\d+)/.exec(text)?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.state = 'done';
    this.finished.resolve(this.rowCount);
  }

  /** pg: the server refused (a bad row, our CopyFail) or the connection broke. */
  handleError(error: Error): void {
    this.state = 'done';
    this.started.reject(error);
    this.finished.reject(error);
  }

  handleCopyData(): void {
    // pg calls this for COPY TO only; present so any message finds a handler.
  }

  async write(chunk: Buffer): Promise<void> {
    const connection = await this.started.promise;
    if (this.state !== 'copying') return this.finished.promise.then(() => undefined);
    connection.sendCopyFromChunk(chunk);
    if (connection.stream.writableNeedDrain) await this.drained(connection.stream);
  }

  /** Ends the data; resolves to the number of rows the server took. */
  async end(): Promise<number> {
    const connection = await this.started.promise;
    if (this.state === 'copying') {
      this.state = 'ending';
      connection.endCopyFrom();
    }
    return this.finished.promise;
  }

  /** Makes the server drop the COPY, so the connection can roll the transaction back. */
  async abort(reason: string): Promise<void> {
    const connection = await this.started.promise.catch(() => null);
    if (connection && this.state === 'copying') {
      this.state = 'ending';
      connection.sendCopyFail(reason);
    }
    await this.finished.promise.catch(() => undefined);
  }

  private async drained(stream: Duplex): Promise<void> {
    const stop = new AbortController();
    const drain = once(stream, 'drain', { signal: stop.signal });
    drain.catch(() => undefined);
    try {
      await Promise.race([drain, this.finished.promise]);
    } finally {
      stop.abort();
    }
  }
}

/** COPY's text format: \N is null; backslash, tab and line breaks are escaped. Gives one value of a COPY text line. */
export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character] ?? character)
    : value;
}
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** What knex's transaction object offers: a client whose connection is the transaction's own. */
interface KnexTransactionLike {
  client: { acquireConnection(): Promise<unknown> };
}

function isKnexTransaction(value: unknown): value is KnexTransactionLike {
  // A knex instance, transactions included, is a function with properties.
  if (typeof value !== 'function' || !('client' in value)) return false;
  const { client } = value;
  return (
    typeof client === 'object' &&
    client !== null &&
    'acquireConnection' in client &&
    typeof client.acquireConnection === 'function'
  );
}

/**
 * The pg client running the transaction. MikroORM's transaction context is a knex transaction,
 * whose `client` is a per-transaction client: its `acquireConnection()` returns the transaction's
 * connection, never a pooled one (knex `lib/execution/transaction.js`, `makeTxClient`).
 *
 * Use it to reach pg features MikroORM and knex do not expose (COPY, `$n` parameters without
 * knex's `?` rewriting) while staying inside `em.transactional`. `caller` names the operation in
 * the error thrown when `tx` is not in a transaction.
 */
export async function transactionClient(tx: EntityManager, caller: string): Promise<Client> {
  const context: unknown = tx.getTransactionContext();
  if (!isKnexTransaction(context))
    throw new Error(`${caller} must run inside em.transactional (expected a knex transaction context)`);
  const connection = await context.client.acquireConnection();
  if (!(connection instanceof Client)) throw new Error('expected the transaction to run on a pg Client');
  return connection;
}
