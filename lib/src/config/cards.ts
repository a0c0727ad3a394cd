import { CommandError } from '../errors/command-error';
import type { Env } from './environment';
import { environmentOf } from './environment';
import { MIN_PRODUCTION_SECRET_LENGTH } from './security';
import { wholeNumber } from './values';

/**
 * Keys that sign virtual cards' QR payloads (HMAC-SHA256), by key id. Rotation: add a new key to
 * CARD_QR_KEYS, point CARD_QR_ACTIVE_KEY at it (new activations are signed with it), and keep the
 * old key configured until the cards signed with it have been re-activated or have expired:
 * verification accepts any configured key.
 */
export interface QrKeys {
  readonly activeKeyId: string;
  readonly secrets: ReadonlyMap<string, string>;
}

/** Settings of the cards subgraph, read only by a process that serves it. */
export interface CardsConfig {
  readonly qrKeys: QrKeys;
  /** CARDS_MEMBER_EVENTS_INTERVAL_MS: how often the members outbox is read (revoking cards of former members). */
  readonly memberEventsIntervalMs: number;
}

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
/** Published in this repository: anyone could sign card payloads with it, so production refuses it. */
const DEVELOPMENT_QR_SECRET = 'development-only-card-qr-signing-key';
const DEVELOPMENT_QR_KEYS: QrKeys = Object.freeze({
  activeKeyId: 'dev',
  secrets: new Map([['dev', DEVELOPMENT_QR_SECRET]]),
});
export const DEFAULT_MEMBER_EVENTS_INTERVAL_MS = 2000;

export function loadCardsConfig(env: Env): CardsConfig {
  return {
    qrKeys: loadQrKeys(env),
    memberEventsIntervalMs: wholeNumber(env, 'CARDS_MEMBER_EVENTS_INTERVAL_MS', DEFAULT_MEMBER_EVENTS_INTERVAL_MS, {
      min: 1,
      max: 86_400_000,
    }),
  };
}

/**
 * Reads `CARD_QR_KEYS` (JSON `{"k1": "secret", …}`) and `CARD_QR_ACTIVE_KEY`. Outside production
 * a missing setting falls back to one development key; in production both are required, every
 * secret must have at least 32 characters, and none may be the development key.
 */
export function loadQrKeys(env: Env): QrKeys {
  const production = environmentOf(env) === 'production';
  const json = env['CARD_QR_KEYS'];
  const active = env['CARD_QR_ACTIVE_KEY'];
  if (!json || !active) {
    if (production) throw new CommandError('CARD_QR_KEYS and CARD_QR_ACTIVE_KEY must be set when NODE_ENV=production');
    return DEVELOPMENT_QR_KEYS;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CommandError('CARD_QR_KEYS: expected JSON like {"k1": "secret"}, got text that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CommandError(`CARD_QR_KEYS: expected a JSON object of key id to secret, got ${typeof parsed}`);
  }
  const secrets = new Map<string, string>();
  for (const [id, secret] of Object.entries(parsed)) {
    if (!KEY_ID_PATTERN.test(id))
      throw new CommandError(`CARD_QR_KEYS: key ids are 1-16 of A-Z a-z 0-9 _ -, got ${JSON.stringify(id)}`);
    if (typeof secret !== 'string' || secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new CommandError(
        `CARD_QR_KEYS: the secret of "${id}" must be a string of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters`,
      );
    }
    if (production && secret === DEVELOPMENT_QR_SECRET) {
      throw new CommandError(
        `CARD_QR_KEYS: the secret of "${id}" is the published development key, refused when NODE_ENV=production`,
      );
    }
    secrets.set(id, secret);
  }
  if (!secrets.has(active)) {
    throw new CommandError(
      `CARD_QR_ACTIVE_KEY: expected one of ${[...secrets.keys()].join(', ')}, got ${JSON.stringify(active)}`,
    );
  }
  return { activeKeyId: active, secrets };
}
