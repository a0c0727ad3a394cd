import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Viewer } from '@registry/lib';
import { API_KEY_HEADER, encodeViewerHeaders } from '@registry/lib';
import { GraphQLError } from 'graphql';
import { InFlight } from './in-flight';

export interface GatewayContext {
  readonly viewer: Viewer;
  /** A partner integration's API key, passed on untouched: the subgraph that owns keys checks it. */
  readonly apiKey: string | null;
  /** Names the client request in every subgraph request made for it. */
  readonly requestId: string;
  /** The caller's address (behind `TRUSTED_PROXIES` proxies, from X-Forwarded-For), for rate limits. */
  readonly clientAddress: string | null;
}

type FetchResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

const MUTATION = /^\s*mutation\b/;

/**
 * How the gateway talks to a subgraph: every request carries the viewer, signed with the
 * internal secret, so subgraphs trust only the gateway; and a subgraph's refusal (HTTP 400 when
 * a custom scalar such as LocalDate rejects a value) reaches the client with the subgraph's own
 * message and code, not as the gateway's generic "400: Bad Request".
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlight<SubgraphResponse>();

  constructor(
    url: string,
    private readonly internalSecret: string,
    /** The subgraph's service name: the audience of the viewer headers signed for it. */
    private readonly subgraphName: string,
  ) {
    super({ url });
  }

  /**
   * Identical queries in flight at the same time, for the same viewer and API key, share one
   * subgraph request: a dashboard opened by many analysts at once costs the database one roll-up,
   * not one per analyst. Mutations always go on their own.
   */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    // Only a client's operation has a viewer; health checks and schema loading go as they are.
    const key = 'incomingRequestContext' in options ? sharingKey(options.request, options.context) : null;
    return key === null ? super.process(options) : this.inFlight.share(key, () => super.process(options), copyResponse);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and composition run without a client's request (and its context): they go as anonymous.
    if (!('incomingRequestContext' in options)) return;
    const { request, context } = options;
    const claims = { audience: this.subgraphName, requestId: context.requestId, clientAddress: context.clientAddress };
    for (const [key, value] of Object.entries(encodeViewerHeaders(context.viewer, this.internalSecret, claims))) {
      request.http?.headers.set(key, value);
    }
    if (context.apiKey) request.http?.headers.set(API_KEY_HEADER, context.apiKey);
  }

  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    const fallback = await super.errorFromResponse(response);
    const body = fallback.extensions['response'];
    const first = firstGraphQLError(
      typeof body === 'object' && body !== null && 'body' in body ? body.body : undefined,
    );
    // The fallback's extensions hold the subgraph's URL and raw body (an HTML page, a stack):
    // only its message ("502: Bad Gateway") and code go on, and the gateway's formatError masks an
    // INTERNAL_SERVER_ERROR, so a subgraph's masked error stays masked.
    if (!first)
      return new GraphQLError(fallback.message, {
        extensions: { code: fallback.extensions['code'] ?? 'INTERNAL_SERVER_ERROR' },
      });
    return new GraphQLError(first.message, { extensions: { code: first.code ?? 'INTERNAL_SERVER_ERROR' } });
  }
}

/**
 * What makes two subgraph requests interchangeable: the same operation, variables, viewer and API
 * key (not the request id: the shared request carries the first one's). Null for a mutation,
 * which must run once per client request.
 */
export function sharingKey(
  request: { query?: string; variables?: Record<string, unknown>; operationName?: string },
  { viewer, apiKey }: Pick<GatewayContext, 'viewer' | 'apiKey'>,
): string | null {
  if (!request.query || MUTATION.test(request.query)) return null;
  return JSON.stringify([request.query, request.variables ?? null, request.operationName ?? null, viewer, apiKey]);
}

/** A waiter's own copy of the parsed body; the HTTP response object is only read, so it is shared. */
function copyResponse({ http, ...body }: SubgraphResponse): SubgraphResponse {
  return { ...structuredClone(body), http };
}

function firstGraphQLError(body: unknown): { message: string; code: string | undefined } | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
  const errors: unknown[] = body.errors;
  const [error] = errors;
  if (typeof error !== 'object' || error === null || !('message' in error) || typeof error.message !== 'string')
    return undefined;
  const extensions =
    'extensions' in error && typeof error.extensions === 'object' && error.extensions !== null ? error.extensions : {};
  const code = 'code' in extensions && typeof extensions.code === 'string' ? extensions.code : undefined;
  return { message: error.message, code };
}
