import { CommandError } from '../errors/command-error';
import type { Env } from './environment';
import { textOf } from './values';

/** Settings of `npm start` and the command-line tools (the members import, `npm run token`). */
export interface ToolsConfig {
  /** REGISTRY_DATABASE: another database on the same server (e.g. one `npm run seed` made). */
  readonly databaseName: string | null;
  /** `npm start` loads the demo union into an empty registry unless DEMO=0. */
  readonly demo: boolean;
  /** GATEWAY_URL: where `npm run token` looks an organization's code up; the local gateway on PORT by default. */
  readonly gatewayUrl: string;
}

export function loadToolsConfig(env: Env): ToolsConfig {
  const gatewayUrl = textOf(env, 'GATEWAY_URL') ?? `http://127.0.0.1:${textOf(env, 'PORT') ?? '4000'}/graphql`;
  if (!/^https?:\/\/\S+$/.test(gatewayUrl))
    throw new CommandError(
      `GATEWAY_URL: expected an http(s) URL of the gateway's /graphql, got ${JSON.stringify(gatewayUrl)}`,
    );
  return { databaseName: textOf(env, 'REGISTRY_DATABASE'), demo: env['DEMO'] !== '0', gatewayUrl };
}
