import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, refusalStatus } from '@registry/lib';
import type { GatewayContext } from '../subgraph-data-source';

/**
 * A request with an API key the cards subgraph refused answers HTTP 401, as a bad token does at
 * the gateway itself: the gateway cannot check keys (it has no database), so the refusal comes
 * back from the subgraph as an UNAUTHENTICATED error, and without this the answer was a 200 that
 * an integration's retry logic reads as success.
 */
export function refusedApiKeyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.apiKey === null) return {};
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const refused = (response.body.singleResult.errors ?? []).some(
            (error) => error.extensions?.['code'] === ErrorCode.UNAUTHENTICATED,
          );
          if (refused) response.http.status = refusalStatus(ErrorCode.UNAUTHENTICATED);
        },
      };
    },
  };
}
