import { createHash, randomBytes } from 'node:crypto';

/** A new API key: 32 random bytes, base64url (43 characters). Shown once; only its hash is kept. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 8) };
}

/**
 * SHA-256, hex. A plain hash suffices (no salt, no slow KDF): the key is 256 random bits, not a
 * password a dictionary could guess, and an unsalted hash lets a request find its partner by an
 * indexed equality lookup.
 */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
