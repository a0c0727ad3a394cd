import { createHmac, timingSafeEqual } from 'node:crypto';
import { isLuhnValid } from './card-number';
import type { QrKeys } from '@registry/lib';

/**
 * A virtual card's QR code: `EPB1.<card number>.<expiry YYYY-MM>.<key id>.<signature>`, the
 * signature being base64url HMAC-SHA256 over everything before it. No personal data: a partner
 * learns a card number and an expiry month, and that we issued them. The version prefix lets a
 * later format live beside this one.
 */
const QR_PREFIX = 'EPB1';

export interface QrContent {
  readonly number: string;
  /** YYYY-MM */
  readonly expiry: string;
  readonly keyId: string;
}

export type QrCheck =
  | { readonly ok: true; readonly content: QrContent }
  | { readonly ok: false; readonly reason: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE'; readonly message: string };

const sign = (text: string, secret: string): string => createHmac('sha256', secret).update(text).digest('base64url');

/** Signs a card with the active key. */
export function signQrPayload(card: { number: string; expiresOn: string }, keys: QrKeys): string {
  const secret = keys.secrets.get(keys.activeKeyId);
  if (!secret) throw new Error(`The active QR key "${keys.activeKeyId}" is not among the configured keys`);
  const text = [QR_PREFIX, card.number, card.expiresOn.slice(0, 7), keys.activeKeyId].join('.');
  return `${text}.${sign(text, secret)}`;
}

/** Whether a text looks like a QR payload rather than a typed card number. */
export const looksLikeQrPayload = (text: string): boolean => text.startsWith(`${QR_PREFIX}.`);

/** Checks shape and signature with any configured key (old keys stay valid while rotating). */
export function verifyQrPayload(payload: string, keys: QrKeys): QrCheck {
  const parts = payload.trim().split('.');
  const [prefix, number, expiry, keyId, signature] = parts;
  if (
    parts.length !== 5 ||
    prefix !== QR_PREFIX ||
    number === undefined ||
    !/^\d{16}$/.test(number) ||
    !isLuhnValid(number) ||
    expiry === undefined ||
    !/^\d{4}-(0[1-9]|1[0-2])$/.test(expiry) ||
    keyId === undefined ||
    signature === undefined
  ) {
    return {
      ok: false,
      reason: 'MALFORMED',
      message: `expected ${QR_PREFIX}.<16-digit number>.<YYYY-MM>.<key id>.<signature>`,
    };
  }
  const secret = keys.secrets.get(keyId);
  if (!secret)
    return {
      ok: false,
      reason: 'UNKNOWN_KEY',
      message: `the payload is signed with key "${keyId}", which is not configured`,
    };
  const expected = Buffer.from(sign([prefix, number, expiry, keyId].join('.'), secret));
  const received = Buffer.from(signature);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: 'BAD_SIGNATURE', message: 'the signature does not match the payload' };
  }
  return { ok: true, content: { number, expiry, keyId } };
}
