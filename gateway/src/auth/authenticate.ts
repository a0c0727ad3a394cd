import type { IncomingHttpHeaders } from 'node:http';
import type { SecurityConfig, Viewer } from '@registry/lib';
import { anonymous, unauthenticated, viewerFromClaims } from '@registry/lib';
import jwt from 'jsonwebtoken';
import type { JwksClient } from 'jwks-rsa';
import { JwksClient as createJwksClient } from 'jwks-rsa';

/**
 * Turns the caller's `Authorization: Bearer <JWT>` into a viewer: HS256 with the configured secret,
 * or RS256 with keys from JWKS_URL. No header means anonymous; a bad token is an error, never a
 * silent downgrade to anonymous (UNAUTHENTICATED, HTTP 401), so a client learns its token expired. A token must expire
 * (`exp`) within JWT_MAX_LIFETIME of its issue, and name JWT_AUDIENCE / JWT_ISSUER when those are
 * configured: a token that never expires is a password that cannot be changed.
 */
export function createAuthenticator(config: SecurityConfig): (headers: IncomingHttpHeaders) => Promise<Viewer> {
  const jwks: JwksClient | null = config.jwksUrl
    ? new createJwksClient({ jwksUri: config.jwksUrl, cache: true })
    : null;
  const checks: jwt.VerifyOptions = {
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
  };
  return async (headers) => {
    const header = headers.authorization;
    if (!header) return anonymous;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('Expected "Authorization: Bearer <token>"');
    const token = match[1];
    try {
      const claims = jwks
        ? jwt.verify(token, await signingKey(jwks, token), { ...checks, algorithms: ['RS256'] })
        : jwt.verify(token, config.jwtSecret, { ...checks, algorithms: ['HS256'] });
      checkLifetime(claims, config.jwtMaxLifetimeSeconds);
      return viewerFromClaims(claims);
    } catch (error) {
      throw unauthenticated(`Invalid token: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** `exp` is required and at most `maxSeconds` after `iat` (or after now, for a token without `iat`). */
function checkLifetime(claims: string | jwt.JwtPayload, maxSeconds: number): void {
  if (typeof claims === 'string') throw new Error('Expected a JSON object of claims, got a string payload');
  if (typeof claims.exp !== 'number') throw new Error('Expected an "exp" claim: tokens without an expiry are refused');
  const from = typeof claims.iat === 'number' ? claims.iat : Math.floor(Date.now() / 1000);
  const lifetime = claims.exp - from;
  if (lifetime > maxSeconds) {
    throw new Error(`Expected a token living at most ${maxSeconds} s (JWT_MAX_LIFETIME), got one living ${lifetime} s`);
  }
}

async function signingKey(jwks: JwksClient, token: string): Promise<string> {
  const decoded = jwt.decode(token, { complete: true });
  const key = await jwks.getSigningKey(decoded?.header.kid);
  return key.getPublicKey();
}

/** Signs a development token (HS256); `npm start` prints one for a central admin outside production. */
export function signDevelopmentToken(
  secret: string,
  claims: { sub: string; roles: string[]; org?: string; member?: string; partner?: string },
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
}
