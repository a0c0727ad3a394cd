import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { RunningServer, SecurityConfig } from '@registry/lib';
import {
  adoptRequestId,
  API_KEY_HEADER,
  clientAddressOf,
  formatError,
  isSaneRequestId,
  jsonErrorHandler,
  limitsParseOptions,
  listen,
  metricsRoute,
  observeRequests,
  operationLimitsPlugin,
  operationNamePlugin,
  recordSubject,
  REQUEST_ID_HEADER,
  requestGuardsPlugin,
  requestScope,
  responseSizePlugin,
  unauthenticated,
} from '@registry/lib';
import express from 'express';
import { createAuthenticator } from '../auth/authenticate';
import type { GatewayContext } from '../gateway';
import { createGateway } from '../gateway';
import { mountDashboard } from '../dashboard/dashboard';
import { mountCoverageExport } from '../export/coverage-export';
import { mountGraphiql } from '../graphiql/graphiql';
import { refusedApiKeyPlugin } from './refused-api-key';

export interface GatewayServerOptions {
  supergraphSdl: string;
  security: SecurityConfig;
  /** Where subgraphs are, overriding the supergraph's `@join__graph(url:)` (the dev stack, SUBGRAPH_URLS). */
  subgraphUrls?: Readonly<Record<string, string>>;
  /** Development only: compose from the running subgraphs (GATEWAY_INTROSPECT=1). */
  introspect?: boolean;
  port: number;
  host?: string;
  /** Development only (refused in production): a token GraphiQL pre-fills in its headers. */
  graphiqlToken?: string;
}

/**
 * The public entry point: `POST /graphql`, GraphiQL at `/graphiql` (served from local files),
 * `GET /health` (process up), `GET /ready` (every subgraph of the supergraph ready) and
 * `GET /metrics` (Prometheus).
 */
export async function startGatewayServer(options: GatewayServerOptions): Promise<RunningServer> {
  const production = options.security.environment === 'production';
  if (production && options.graphiqlToken)
    throw new Error('Expected no GraphiQL token when NODE_ENV=production: GraphiQL would hand it to anyone');
  const gateway = createGateway({
    supergraphSdl: options.supergraphSdl,
    internalSecret: options.security.internalSecret,
    ...(options.subgraphUrls ? { subgraphUrls: options.subgraphUrls } : {}),
    introspect: options.introspect ?? false,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Introspection is off in production; "Did you mean …" suggestions would still spell the schema out.
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: limitsParseOptions(options.security.operationLimits),
    // Limits refuse an operation before any subgraph is called (docs/security.md, "Operation limits").
    plugins: [
      requestGuardsPlugin<GatewayContext>(),
      operationNamePlugin<GatewayContext>(),
      ApolloServerPluginLandingPageDisabled(),
      operationLimitsPlugin<GatewayContext>(options.security.operationLimits, (context) => context.viewer),
      responseSizePlugin<GatewayContext>(options.security.operationLimits.maxResponseBytes),
      refusedApiKeyPlugin(),
    ],
  });
  await apollo.start();
  const authenticate = createAuthenticator(options.security);

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Every subgraph the supergraph names, where the gateway will call it: a gateway whose
  // subgraphs cannot answer is not ready, whatever the deployment's URLs are.
  const subgraphUrls = { ...supergraphSubgraphUrls(options.supergraphSdl), ...options.subgraphUrls };
  app.get('/ready', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(subgraphUrls).map(async ([name, url]) => {
        const ready = await fetch(url.replace(/\/graphql$/, '/ready'), {
          signal: AbortSignal.timeout(READY_TIMEOUT_MS),
        })
          .then((response) => response.ok)
          .catch(() => false);
        return [name, ready] as const;
      }),
    );
    const ready = checks.every(([, ok]) => ok);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', subgraphs: Object.fromEntries(checks) });
  });
  app.get('/metrics', metricsRoute());
  mountGraphiql(app, options.graphiqlToken ? { token: options.graphiqlToken } : {});
  mountDashboard(app, options.graphiqlToken ? { token: options.graphiqlToken } : {});
  mountCoverageExport(app);
  app.get('/', (_req, res) => res.redirect('/graphiql'));
  app.use(
    '/graphql',
    requestScope('gateway'),
    observeRequests(),
    express.json({ limit: '20mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = readRequestId(req.headers);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        adoptRequestId(requestId);
        const clientAddress = clientAddressOf(
          req.socket.remoteAddress,
          req.headers['x-forwarded-for'],
          options.security.trustedProxies,
        );
        // A refused token or key throws `unauthenticated`, which answers 401.
        const viewer = await authenticate(req.headers);
        recordSubject(viewer.subject);
        return { viewer, apiKey: readApiKey(req.headers), requestId, clientAddress };
      },
    }),
  );

  // After the routes: the body parser's refusals answer as GraphQL errors, not Express's HTML page.
  app.use(jsonErrorHandler());

  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  return {
    url: `${listening.url}/graphql`,
    close: async () => {
      await apollo.stop();
      await listening.close();
    },
  };
}

/** A subgraph that does not answer its /ready within this is not ready (a load balancer waits on it). */
const READY_TIMEOUT_MS = 2_000;

/** Each subgraph's URL as the supergraph states it: `@join__graph(name: "members", url: "…")`. */
function supergraphSubgraphUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*"([^"]+)"\s*\)/g)) {
    const [, name, url] = match;
    if (name !== undefined && url !== undefined) urls[name] = url;
  }
  return urls;
}

/**
 * A partner's API key, checked by the subgraph that stores keys (the gateway has no database). A
 * request is either a user's (token) or a partner's (key): both at once is refused.
 */
function readApiKey(headers: IncomingHttpHeaders): string | null {
  const value = headers[API_KEY_HEADER];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '')
    throw unauthenticated(`Expected one non-empty ${API_KEY_HEADER} header`);
  if (headers.authorization)
    throw unauthenticated(`Expected either "Authorization: Bearer <token>" or ${API_KEY_HEADER}, got both`);
  return value.trim();
}

/**
 * The id that names this request at the gateway and every subgraph: the caller's `x-request-id`
 * when it is a short token (a proxy in front may have set it), otherwise a new one.
 */
function readRequestId(headers: IncomingHttpHeaders): string {
  const value = headers[REQUEST_ID_HEADER];
  return isSaneRequestId(value) ? value : randomUUID();
}
