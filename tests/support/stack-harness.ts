import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RunningStack } from '@registry/gateway';
import { signDevelopmentToken, startStack } from '@registry/gateway';
import type { SecurityConfig } from '@registry/lib';
import { createScratchDatabase, loadSecurityConfig, Role } from '@registry/lib';
import { print } from 'graphql';
import { inject } from 'vitest';

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
  request<TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, auth?: RequestAuth): Promise<TypedResponse<TData>>;
  /** A development token signed with the stack's secret. */
  token(claims: { sub: string; roles: Role[]; org?: string; member?: string }): string;
  close(): Promise<void>;
}

/**
 * The whole registry over HTTP on a database of its own, with the demo union's organizations
 * loaded (`demo: 'union'`: the whole demo union of `npm start`): what the end-to-end tests talk
 * to. `env` is set while the stack starts (and restored on close). `graphiqlToken`: GraphiQL
 * and the dashboard pre-fill a central admin's token, as `npm start` does in development.
 */
export async function openStackHarness(
  name: string,
  env: Record<string, string> = {},
  options: { demo?: 'union' | 'organizations'; graphiqlToken?: boolean } = {},
): Promise<StackHarness> {
  // The test's own settings (limits, proxies) apply to the stack's security too; secrets stay the development ones.
  const security = loadSecurityConfig({ ...env, NODE_ENV: 'test' });
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const database = await createScratchDatabase(inject('databaseServerUrl'), `test_e2e_${name}`);
  const graphiqlToken = options.graphiqlToken ? signDevelopmentToken(security.jwtSecret, { sub: 'dev-central-admin', roles: [Role.CENTRAL_ADMIN] }) : undefined;
  const stack = await startStack({
    databaseUrl: database.url,
    security,
    gatewayPort: 0,
    seedDemo: true,
    demoContent: options.demo ?? 'organizations',
    ...(graphiqlToken ? { graphiqlToken } : {}),
  });
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
    request: async <TData, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, auth: RequestAuth = {}) => {
      // The gateway answers the operation the document describes, so its data has the document's type.
      const response = await post(print(document), variables, auth);
      return response as TypedResponse<TData>;
    },
    token: (claims) => signDevelopmentToken(security.jwtSecret, claims),
    close: async () => {
      await stack.stop();
      await database.drop();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** `extensions.code` of each error of a response. */
export const responseCodes = (response: GatewayResponse): unknown[] => (response.errors ?? []).map((error) => error.extensions?.['code']);

/** The field of a response that must have no errors. */
export function fieldOf<T>(response: GatewayResponse, field: string): T {
  if (response.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
  return response.data?.[field] as T;
}
