import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Viewer } from '../auth/viewer';
import { API_KEY_HEADER, decodeViewerHeaders, REQUEST_ID_HEADER } from '../auth/viewer-header';
import type { Environment } from '../config';
import type { RequestContext } from '../context';
import { createRequestContext } from '../context';
import { unauthenticated } from '../errors/domain-error';
import { formatError } from '../errors/graphql-errors';
import type { OperationLimits } from '../limits/operation-limits';
import { DEFAULT_OPERATION_LIMITS, limitsParseOptions, operationLimitsPlugin } from '../limits/operation-limits';
import { metricsRoute, observeOrm } from '../observability/metrics';
import { observeRequests, operationNamePlugin, recordSubject } from '../observability/request-log';
import type { SubgraphDefinition } from '../subgraph';
import { listen } from './listen';
import type { ProcessRuntime } from '../runtime';
import { readRoutingPlugin, recentWriters } from './read-routing';
import { jsonErrorHandler, requestGuardsPlugin } from './request-guards';
import { adoptRequestId, requestScope } from './request-scope';

export interface SubgraphServerOptions<TLoaders> {
  subgraph: SubgraphDefinition<TLoaders>;
  schema: GraphQLSchema;
  orm: MikroORM;
  /** The process's configuration and rate limiters, which every request's context carries. */
  runtime: ProcessRuntime;
  /** Secret shared with the gateway; the viewer header must carry its signature. */
  internalSecret: string;
  /** In production, errors name no fields of the schema ("Did you mean …" is off with introspection). */
  environment: Environment;
  port: number;
  /** Loopback by default: only the gateway, on the same host, should reach a subgraph. */
  host?: string;
  /** Subgraphs can be reached without the gateway: they refuse what the gateway would (default limits when unset). */
  limits?: OperationLimits;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one subgraph: `POST /graphql`, `GET /health` (process up), `GET /ready` (database
 * reachable), `GET /metrics` (Prometheus).
 */
export async function startSubgraphServer<TLoaders>(options: SubgraphServerOptions<TLoaders>): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const apollo = new ApolloServer<RequestContext<TLoaders>>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.environment === 'production',
    parseOptions: limitsParseOptions(options.limits ?? DEFAULT_OPERATION_LIMITS),
    // Subgraphs are reached through the gateway, which serves GraphiQL. Cache hints and traces
    // are not used; both plugins would wrap every field's resolver (a cost per node of a tree).
    plugins: [
      requestGuardsPlugin<RequestContext<TLoaders>>(),
      operationNamePlugin<RequestContext<TLoaders>>(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      operationLimitsPlugin<RequestContext<TLoaders>>(
        options.limits ?? DEFAULT_OPERATION_LIMITS,
        (context) => context.viewer,
      ),
      // With DATABASE_REPLICA_URLS: queries read a replica unless their caller just wrote.
      readRoutingPlugin<RequestContext<TLoaders>>(options.orm, () => recentWriters(options.runtime.config)),
    ],
  });
  await apollo.start();
  const stopObserving = observeOrm(options.subgraph.name, options.orm);

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.subgraph.name });
  });
  app.get('/ready', async (_req, res) => {
    const ready = await options.orm.isConnected();
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'database unreachable', service: options.subgraph.name });
  });
  app.get('/metrics', metricsRoute());
  app.use(
    '/graphql',
    requestScope(options.subgraph.name),
    observeRequests(),
    // The gateway sends a whole tree level as one `_entities` request: the national union's
    // primary organizations are several megabytes of representations (docs/benchmarks.md).
    express.json({ limit: '32mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const em = options.orm.em.fork();
        // The viewer the gateway signed for this subgraph (its name is the audience); a bad header answers 401.
        const {
          viewer: forwarded,
          requestId,
          clientAddress,
        } = decodeViewerHeaders(req.headers, options.internalSecret, { audience: options.subgraph.name });
        if (requestId !== null) {
          res.setHeader(REQUEST_ID_HEADER, requestId);
          adoptRequestId(requestId);
        }
        const viewer = await withApiKey(options.subgraph, em, req.headers, forwarded);
        recordSubject(viewer.subject);
        return createRequestContext(options.subgraph, options.runtime, em, viewer, { requestId, clientAddress });
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
      stopObserving();
    },
  };
}

/**
 * A request with an API key is its owner's (a partner's), when this subgraph knows API keys; a
 * key next to a signed-in user is refused rather than one of the two silently winning.
 */
async function withApiKey<TLoaders>(
  subgraph: SubgraphDefinition<TLoaders>,
  em: RequestContext<TLoaders>['em'],
  headers: Record<string, string | string[] | undefined>,
  viewer: Viewer,
): Promise<Viewer> {
  const apiKey = headers[API_KEY_HEADER];
  if (apiKey === undefined || !subgraph.authenticateApiKey) return viewer;
  if (typeof apiKey !== 'string' || apiKey.length === 0)
    throw unauthenticated(`Expected one non-empty ${API_KEY_HEADER} header`);
  if (viewer.subject !== null)
    throw unauthenticated(`Expected either a user token or an ${API_KEY_HEADER} header, got both`);
  const owner = await subgraph.authenticateApiKey(em, apiKey);
  if (!owner) throw unauthenticated(`The ${API_KEY_HEADER} header holds no active API key`);
  return owner;
}
