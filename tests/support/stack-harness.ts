import type { RunningStack } from '@registry/gateway';
import { signDevelopmentToken, startStack } from '@registry/gateway';
import type { Role, SecurityConfig } from '@registry/lib';
import { createScratchDatabase, loadSecurityConfig } from '@registry/lib';
import { inject } from 'vitest';

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
  /** A development token signed with the stack's secret. */
  token(claims: { sub: string; roles: Role[]; org?: string; member?: string }): string;
  close(): Promise<void>;
}

/**
 * The whole registry over HTTP on a database of its own, with the demo union's organizations
 * loaded (`demo: 'union'`: the whole demo union of `npm start`): what the end-to-end tests talk
 * to. `env` is set while the stack starts (and restored on close).
 */
export async function openStackHarness(name: string, env: Record<string, string> = {}, options: { demo?: 'union' | 'organizations' } = {}): Promise<StackHarness> {
  const security = loadSecurityConfig({ NODE_ENV: 'test' });
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const database = await createScratchDatabase(inject('databaseServerUrl'), `test_e2e_${name}`);
  const stack = await startStack({ databaseUrl: database.url, security, gatewayPort: 0, seedDemo: true, demoContent: options.demo ?? 'organizations' });
  return {
    stack,
    security,
    post: async (query, variables = {}, auth = {}, url = stack.gatewayUrl) => {
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
