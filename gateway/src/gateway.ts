import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { SubgraphDataSource } from './subgraph-data-source';
import { createSubgraphFetcher } from './subgraph-fetcher';

export type { GatewayContext } from './subgraph-data-source';

/**
 * The gateway over the committed supergraph (`schema/supergraph.graphql`, kept current by
 * `npm test`). Subgraph URLs come from the supergraph unless `subgraphUrls` overrides them (the
 * dev stack and tests bind their own ports). `introspect: true` composes from the running
 * subgraphs instead — a development convenience (GATEWAY_INTROSPECT=1), never for production,
 * where what is served must be what was reviewed.
 */
export function createGateway(options: {
  supergraphSdl: string;
  internalSecret: string;
  subgraphUrls?: Readonly<Record<string, string>>;
  introspect?: boolean;
}): ApolloGateway {
  // @apollo/gateway reports usage metrics to Apollo and probes cloud metadata addresses (AWS, GCP,
  // Azure) unless told not to. The registry holds personal data and runs on closed networks:
  // nothing it runs may call out of the machine, so this is not left to the environment.
  process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
  // One client for all subgraphs: its keep-alive agent closes idle sockets before the subgraphs do.
  const fetcher = createSubgraphFetcher();
  const buildService = ({ name, url }: { name: string; url?: string }) =>
    Object.assign(new SubgraphDataSource(options.subgraphUrls?.[name] ?? url ?? '', options.internalSecret, name), {
      fetcher,
    });
  if (options.introspect && options.subgraphUrls) {
    const subgraphs = Object.entries(options.subgraphUrls).map(([name, url]) => ({ name, url }));
    return new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }), buildService });
  }
  return new ApolloGateway({ supergraphSdl: options.supergraphSdl, buildService });
}
