import { Agent, request } from 'node:http';
import { APPLY, APPROVE, applicationInput } from './admissions';

/** One POST of a job: where, with which headers, which body. */
export interface PostStep {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the load generator sends, as plain data (it crosses to the load process by IPC):
 * - `get`: one GET (the HTTP round-trip floor);
 * - `post`: the steps one after another, each a request of the measured operation;
 * - `admission`: an application (anonymous), then its approval by an admin, with a new person each
 *   time (serial = the load's request number + `serialBase`).
 */
export type HttpJob =
  | { kind: 'get'; url: string }
  | { kind: 'post'; steps: PostStep[] }
  | { kind: 'admission'; url: string; adminToken: string; organizationIds: string[]; serialBase: number };

interface Answer {
  status: number;
  text: string;
}

/** A keep-alive HTTP/1.1 client (node:http, no fetch): less client overhead per request than undici's fetch. */
export function createHttpClient(sockets: number): {
  send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer>;
  close(): void;
} {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/**
 * Fails unless the answer is HTTP 200 without GraphQL errors. A substring test rather than a
 * parse, so checking a 10 MB tree costs the client little: `"errors":` can only be a key (a quote
 * inside a string value is escaped), and no measured operation selects a field of that name.
 */
function assertAnswered({ status, text }: Answer): void {
  if (status !== 200 || text.includes('"errors":')) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The task the load generator repeats for a job. */
export function jobTask(job: HttpJob, client: ReturnType<typeof createHttpClient>): (index: number) => Promise<void> {
  switch (job.kind) {
    case 'get':
      return async () => assertAnswered(await client.send('GET', job.url, {}));
    case 'post':
      return async () => {
        for (const step of job.steps)
          assertAnswered(await client.send('POST', step.url, { ...JSON_HEADERS, ...step.headers }, step.body));
      };
    case 'admission':
      return async (index) => {
        const serial = job.serialBase + index;
        const organizationId = job.organizationIds[serial % job.organizationIds.length] ?? '';
        const applied = await client.send(
          'POST',
          job.url,
          JSON_HEADERS,
          JSON.stringify({ query: APPLY, variables: { input: applicationInput(serial, organizationId) } }),
        );
        assertAnswered(applied);
        const id = readApplicationId(applied.text);
        const approved = await client.send(
          'POST',
          job.url,
          { ...JSON_HEADERS, authorization: `Bearer ${job.adminToken}` },
          JSON.stringify({ query: APPROVE, variables: { id } }),
        );
        assertAnswered(approved);
      };
  }
}

function readApplicationId(text: string): string {
  const body: unknown = JSON.parse(text);
  const data = typeof body === 'object' && body !== null && 'data' in body ? body.data : null;
  const application =
    typeof data === 'object' && data !== null && 'applyForMembership' in data ? data.applyForMembership : null;
  const id = typeof application === 'object' && application !== null && 'id' in application ? application.id : null;
  if (typeof id !== 'string') throw new Error(`Expected applyForMembership { id }, got ${text.slice(0, 200)}`);
  return id;
}
