import type { IncomingHttpHeaders } from 'node:http';
import type { SecurityConfig, Viewer } from '@registry/lib';
import { anonymous, viewerFromClaims } from '@registry/lib';
import jwt from 'jsonwebtoken';
import type { JwksClient } from 'jwks-rsa';
import { JwksClient as createJwksClient } from 'jwks-rsa';

export class AuthenticationError extends Error {}

/**
 * Turns the caller's `Authorization: Bearer <JWT>` into a viewer: HS256 with the configured secret,
 * or RS256 with keys from JWKS_URL. No header means anonymous; a bad token is an error, never a
 * silent downgrade to anonymous, so a client learns its token expired.
 */
export function createAuthenticator(config: SecurityConfig): (headers: IncomingHttpHeaders) => Promise<Viewer> {
  const jwks: JwksClient | null = config.jwksUrl ? new createJwksClient({ jwksUri: config.jwksUrl, cache: true }) : null;
  return async (headers) => {
    const header = headers.authorization;
    if (!header) return anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AuthenticationError('Expected "Authorization: Bearer <token>"');
    const token = match[1];
    try {
      const claims = jwks
        ? jwt.verify(token, await signingKey(jwks, token), { algorithms: ['RS256'] })
        : jwt.verify(token, config.jwtSecret, { algorithms: ['HS256'] });
      return viewerFromClaims(claims);
    } catch (error) {
      throw new AuthenticationError(`Invalid token: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

async function signingKey(jwks: JwksClient, token: string): Promise<string> {
  const decoded = jwt.decode(token, { complete: true });
  const key = await jwks.getSigningKey(decoded?.header.kid);
  return key.getPublicKey();
}

/** Signs a development token (HS256); `npm start` prints one for a central admin. */
export function signDevelopmentToken(
  secret: string,
  claims: { sub: string; roles: string[]; org?: string; member?: string; partner?: string },
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
}
