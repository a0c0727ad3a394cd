import { CommandError } from '../errors/command-error';
import type { Env, Environment } from './environment';
import { textOf } from './values';

export interface GatewaySettings {
  /** Development only: compose from the running subgraphs (GATEWAY_INTROSPECT=1). */
  readonly introspect: boolean;
  /** SUBGRAPH_URLS: where each subgraph is, overriding the supergraph's `@join__graph(url:)`. */
  readonly subgraphUrls: Readonly<Record<string, string>> | null;
}

export function loadGatewaySettings(env: Env, environment: Environment): GatewaySettings {
  const introspect = env['GATEWAY_INTROSPECT'] === '1';
  if (introspect && environment === 'production')
    throw new CommandError(
      'GATEWAY_INTROSPECT=1 is refused when NODE_ENV=production: the gateway serves the reviewed supergraph',
    );
  const text = textOf(env, 'SUBGRAPH_URLS');
  if (text === null) return { introspect, subgraphUrls: null };
  const problem = `SUBGRAPH_URLS: expected a JSON object of subgraph names and http(s) URLs, e.g. {"members":"http://10.0.0.2:4002/graphql"}, got ${JSON.stringify(text)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandError(problem);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CommandError(problem);
  const urls: Record<string, string> = {};
  for (const [name, url] of Object.entries(parsed)) {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new CommandError(problem);
    urls[name] = url;
  }
  return { introspect, subgraphUrls: urls };
}
