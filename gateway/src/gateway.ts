import { ApolloGateway } from '@apollo/gateway';
import { SubgraphDataSource } from './subgraph-data-source';

export type { GatewayContext } from './subgraph-data-source';

/**
 * The gateway over the committed supergraph. Subgraph URLs come from the supergraph unless
 * `subgraphUrls` overrides them (the dev stack and tests bind free ports).
 */
export function createGateway(options: {
  supergraphSdl: string;
  internalSecret: string;
  subgraphUrls?: Readonly<Record<string, string>>;
}): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(options.subgraphUrls?.[name] ?? url ?? '', options.internalSecret),
  });
}
