import { CommandError } from '../errors/command-error';
import type { Env } from './environment';
import { textOf } from './values';

export interface HttpConfig {
  /** Interface a standalone server binds; loopback unless a deployment says otherwise. */
  readonly host: string;
  /** PORT, null when unset (each entry has its own default: 4000 for the gateway, 4001–4004 for subgraphs). */
  readonly port: number | null;
}

export function loadHttpConfig(env: Env): HttpConfig {
  const text = env['PORT'];
  let port: number | null = null;
  if (text !== undefined && text !== '') {
    port = Number(text);
    if (!/^\d+$/.test(text.trim()) || port > 65535)
      throw new CommandError(`PORT must be a TCP port (0–65535), got "${text}"`);
  }
  return { host: textOf(env, 'HOST') ?? '127.0.0.1', port };
}
