import type { SecurityConfig } from '@registry/lib';
import { DomainError, ErrorCode, loadSecurityConfig, Role } from '@registry/lib';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, signDevelopmentToken } from '../src/auth/authenticate';

const security = (env: Record<string, string> = {}): SecurityConfig => loadSecurityConfig({ NODE_ENV: 'test', ...env });
const claims = { sub: 'user-1', roles: [Role.CENTRAL_ADMIN] };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The message a token is refused with. */
async function refusal(config: SecurityConfig, token: string): Promise<string> {
  try {
    await createAuthenticator(config)(bearer(token));
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) return error.message;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('the gateway authenticator', () => {
  it('accepts a development token (12 h) and reads its viewer', async () => {
    const config = security();
    const viewer = await createAuthenticator(config)(bearer(signDevelopmentToken(config.jwtSecret, claims)));
    expect(viewer).toEqual({
      subject: 'user-1',
      roles: ['CENTRAL_ADMIN'],
      organizationId: null,
      memberId: null,
      partnerId: null,
    });
  });

  it('refuses a token without exp', async () => {
    const config = security();
    expect(await refusal(config, jwt.sign(claims, config.jwtSecret, { algorithm: 'HS256' }))).toBe(
      'Invalid token: Expected an "exp" claim: tokens without an expiry are refused',
    );
  });

  it('refuses a token living longer than JWT_MAX_LIFETIME, with or without iat', async () => {
    const config = security();
    const century = jwt.sign(claims, config.jwtSecret, { algorithm: 'HS256', expiresIn: '36500d' });
    expect(await refusal(config, century)).toBe(
      `Invalid token: Expected a token living at most 43200 s (JWT_MAX_LIFETIME), got one living ${36500 * 86400} s`,
    );
    const exp = Math.floor(Date.now() / 1000) + 13 * 3600;
    const withoutIat = jwt.sign({ ...claims, exp }, config.jwtSecret, { algorithm: 'HS256', noTimestamp: true });
    expect(await refusal(config, withoutIat)).toMatch(
      /^Invalid token: Expected a token living at most 43200 s \(JWT_MAX_LIFETIME\), got one living 4680\d s$/,
    );
    const short = security({ JWT_MAX_LIFETIME: '1h' });
    expect(await refusal(short, signDevelopmentToken(short.jwtSecret, claims, '2h'))).toBe(
      'Invalid token: Expected a token living at most 3600 s (JWT_MAX_LIFETIME), got one living 7200 s',
    );
    expect(
      (await createAuthenticator(short)(bearer(signDevelopmentToken(short.jwtSecret, claims, '1h')))).subject,
    ).toBe('user-1');
  });

  it('checks aud and iss when JWT_AUDIENCE and JWT_ISSUER are set', async () => {
    const config = security({ JWT_AUDIENCE: 'union-registry', JWT_ISSUER: 'https://id.eseur.ru' });
    const sign = (options: jwt.SignOptions) =>
      jwt.sign(claims, config.jwtSecret, { algorithm: 'HS256', expiresIn: '1h', ...options });
    const good = sign({ audience: 'union-registry', issuer: 'https://id.eseur.ru' });
    expect((await createAuthenticator(config)(bearer(good))).subject).toBe('user-1');
    expect(await refusal(config, sign({ audience: 'another-app', issuer: 'https://id.eseur.ru' }))).toBe(
      'Invalid token: jwt audience invalid. expected: union-registry',
    );
    expect(await refusal(config, sign({ issuer: 'https://id.eseur.ru' }))).toBe(
      'Invalid token: jwt audience invalid. expected: union-registry',
    );
    expect(await refusal(config, sign({ audience: 'union-registry', issuer: 'https://evil.example' }))).toBe(
      'Invalid token: jwt issuer invalid. expected: https://id.eseur.ru',
    );
    // Without the settings, aud and iss are not required.
    expect(
      (await createAuthenticator(security())(bearer(signDevelopmentToken(config.jwtSecret, claims)))).subject,
    ).toBe('user-1');
  });
});
