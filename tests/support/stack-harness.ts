import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RunningStack } from '@registry/stack';
import { signDevelopmentToken } from '@registry/gateway';
import { PROJECT_ROOT, startStack } from '@registry/stack';
import type { SecurityConfig } from '@registry/lib';
import { Role } from '@registry/lib';
import { countQueries, createScratchDatabase } from '@registry/lib/testing';
import { buildSchema, graphql, print } from 'graphql';
import { inject } from 'vitest';
import { PRODUCTION_STACK, startProductionStack } from './production-stack';
import { testConfig } from './test-config';

export { PRODUCTION_STACK } from './production-stack';

/** An answer whose data is typed by the document that asked (the SDK of `gateway/src/sdk`). */
export interface TypedResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface GatewayResponse {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** How a request proves who sends it: a user's token, a partner's API key, or raw headers. */
export interface RequestAuth {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface StackHarness {
  readonly stack: RunningStack;
  readonly security: SecurityConfig;
  /** Posts an operation to a URL of the stack (the gateway by default) and reads the JSON answer. */
  post(query: string, variables?: Record<string, unknown>, auth?: RequestAuth, url?: string): Promise<GatewayResponse>;
  /** Posts a typed document of the SDK: variables and answer are checked against the operation. */
  request<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    auth?: RequestAuth,
  ): Promise<TypedResponse<TData>>;
  /**
   * Starts counting the SQL statements the named subgraphs send; `stop()` answers how many. In
   * process, their ORMs' statements; from the build, the difference of each process's
   * `registry_sql_statements_total` in its `/metrics` (the same knex event counts both).
   */
  countStatements(subgraphs: readonly string[]): Promise<{ stop(): Promise<number> }>;
  /**
   * An introspection query about the API schema. In process the gateway answers it; the build's
   * gateway refuses introspection (NODE_ENV=production), so from the build the committed
   * `schema/api.graphql`, the API of the supergraph that gateway serves, answers instead.
   */
  introspect(query: string, auth?: RequestAuth): Promise<GatewayResponse>;
  /** A development token signed with the stack's secret. */
  token(claims: { sub: string; roles: Role[]; org?: string; member?: string }): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  demo?: 'union' | 'organizations';
  graphiqlToken?: boolean;
}

/**
 * The whole registry over HTTP on a database of its own, with the demo union's organizations
 * loaded (`demo: 'union'`: the whole demo union of `npm start`): what the end-to-end tests talk
 * to. `env` is set while the stack starts (and restored on close). `graphiqlToken`: GraphiQL
 * and the dashboard pre-fill a central admin's token, as `npm start` does in development.
 *
 * By default the stack is `startStack`'s, in this process. With REGISTRY_STACK=production
 * (`npm run test:production`) it is the build, each service its own `node …/dist/…` process with
 * secrets of its own (`security` and `token()` use them), `env` in their environment, and an ORM
 * per subgraph opened here for the tests' reads (tests/support/production-stack.ts).
 */
export async function openStackHarness(
  name: string,
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<StackHarness> {
  const database = await createScratchDatabase(inject('databaseServerUrl'), `test_e2e_${name}`);
  let started: { stack: RunningStack; security: SecurityConfig };
  try {
    started = PRODUCTION_STACK
      ? await startFromBuild(database.url, env, options)
      : await startInProcess(database.url, env, options);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const { stack, security } = started;
  const post: StackHarness['post'] = async (query, variables = {}, auth = {}, url = stack.gatewayUrl) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
        ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
        ...auth.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GatewayResponse, 'status'>) };
  };
  return {
    stack,
    security,
    post,
    request: async <TData, TVariables extends Record<string, unknown>>(
      document: TypedDocumentNode<TData, TVariables>,
      variables: TVariables,
      auth: RequestAuth = {},
    ) => {
      // The gateway answers the operation the document describes, so its data has the document's type.
      const response = await post(print(document), variables, auth);
      return response as TypedResponse<TData>;
    },
    countStatements: async (names) => {
      const subgraphs = names.map((name) => {
        const subgraph = stack.subgraphs.get(name);
        if (!subgraph) throw new Error(`Expected the ${name} subgraph in the stack`);
        return { name, ...subgraph };
      });
      if (!PRODUCTION_STACK) {
        const counters = subgraphs.map(({ orm }) => countQueries(orm));
        return {
          stop: async () => {
            for (const counter of counters) counter.detach();
            return counters.reduce((total, counter) => total + counter.statements.length, 0);
          },
        };
      }
      // The test process's own ORMs are other connections: only the service's counter sees its statements.
      const total = async (): Promise<number> =>
        (await Promise.all(subgraphs.map(sqlStatementsOf))).reduce((sum, count) => sum + count, 0);
      const before = await total();
      return { stop: async () => (await total()) - before };
    },
    introspect: async (query, auth) => {
      if (!PRODUCTION_STACK) return post(query, {}, auth);
      const schema = buildSchema(await readFile(join(PROJECT_ROOT, 'schema', 'api.graphql'), 'utf8'));
      const result = await graphql({ schema, source: query });
      return {
        status: 200,
        data: result.data ?? null,
        ...(result.errors
          ? { errors: result.errors.map((error) => ({ message: error.message, extensions: { ...error.extensions } })) }
          : {}),
      };
    },
    token: (claims) => signDevelopmentToken(security.jwtSecret, claims),
    close: async () => {
      await stack.stop();
      await database.drop();
    },
  };
}

/** A subgraph process's `registry_sql_statements_total` (its own series: one service per process in production). */
async function sqlStatementsOf(subgraph: { name: string; url: string }): Promise<number> {
  const response = await fetch(subgraph.url.replace(/\/graphql$/, '/metrics'));
  if (!response.ok) throw new Error(`${subgraph.name} /metrics answered ${response.status}`);
  const series = `registry_sql_statements_total{service="${subgraph.name}"} `;
  const line = (await response.text()).split('\n').find((candidate) => candidate.startsWith(series));
  return line ? Number(line.slice(series.length)) : 0;
}

async function startInProcess(
  databaseUrl: string,
  env: Record<string, string>,
  options: HarnessOptions,
): Promise<{ stack: RunningStack; security: SecurityConfig }> {
  // The test's own settings (limits, proxies, rates, intervals) over this process's; secrets stay the development ones.
  const config = testConfig(env);
  const { security } = config;
  const graphiqlToken = options.graphiqlToken
    ? signDevelopmentToken(security.jwtSecret, { sub: 'dev-central-admin', roles: [Role.CENTRAL_ADMIN] })
    : undefined;
  const stack = await startStack({
    databaseUrl,
    config,
    gatewayPort: 0,
    seedDemo: true,
    demoContent: options.demo ?? 'organizations',
    ...(graphiqlToken ? { graphiqlToken } : {}),
  });
  return { security, stack };
}

async function startFromBuild(
  databaseUrl: string,
  env: Record<string, string>,
  options: HarnessOptions,
): Promise<{ stack: RunningStack; security: SecurityConfig }> {
  // Production refuses to serve a GraphiQL token (it would hand it to anyone): a test that needs one is a development test.
  if (options.graphiqlToken)
    throw new Error(
      'graphiqlToken: the production gateway refuses a pre-filled GraphiQL token; run this test against the development stack',
    );
  const stack = await startProductionStack({ databaseUrl, env, demo: options.demo ?? 'organizations' });
  return { stack, security: stack.security };
}

/** `extensions.code` of each error of a response. */
export const responseCodes = (response: GatewayResponse): unknown[] =>
  (response.errors ?? []).map((error) => error.extensions?.['code']);

/** The field of a response that must have no errors. */
export function fieldOf<T>(response: GatewayResponse, field: string): T {
  if (response.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[field] as T;
}

/** The value at a dotted path of an answer's data (`organizationByCode.cardCounts`), or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined,
      data,
    );
}
