import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Viewer } from '@registry/lib';
import { encodeViewerHeaders } from '@registry/lib';

export interface GatewayContext {
  readonly viewer: Viewer;
}

/**
 * The gateway over the committed supergraph. Subgraph URLs come from the supergraph unless
 * `subgraphUrls` overrides them (the dev stack and tests bind free ports). Every subgraph request
 * carries the viewer, signed with the internal secret, so subgraphs trust only the gateway.
 */
export function createGateway(options: {
  supergraphSdl: string;
  internalSecret: string;
  subgraphUrls?: Readonly<Record<string, string>>;
}): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: options.subgraphUrls?.[name] ?? url,
        willSendRequest({ request, context }) {
          const headers = encodeViewerHeaders(context.viewer, options.internalSecret);
          for (const [key, value] of Object.entries(headers)) request.http?.headers.set(key, value);
        },
      }),
  });
}
