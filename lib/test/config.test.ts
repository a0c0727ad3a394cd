import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_INTERNAL_SECRET, DEVELOPMENT_JWT_SECRET, environmentOf, loadSecurityConfig } from '../src/config';
import { DEFAULT_OPERATION_LIMITS } from '../src/limits/operation-limits';

const STRONG_INTERNAL = 'internal-secret-of-this-deployment-0123456789';
const STRONG_JWT = 'jwt-secret-of-this-deployment-0123456789abcdef';
const production = (env: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  REGISTRY_INTERNAL_SECRET: STRONG_INTERNAL,
  JWT_SECRET: STRONG_JWT,
  ...env,
});

describe('NODE_ENV', () => {
  it('is development when unset, and one of development, test, production otherwise', () => {
    expect(environmentOf({})).toBe('development');
    expect(environmentOf({ NODE_ENV: '' })).toBe('development');
    for (const value of ['development', 'test', 'production'] as const)
      expect(environmentOf({ NODE_ENV: value })).toBe(value);
  });

  it.each(['Production', 'prod', 'staging', 'PRODUCTION', ' production'])(
    'refuses %j, naming the allowed values',
    (value) => {
      expect(() => loadSecurityConfig({ NODE_ENV: value })).toThrow(
        `NODE_ENV: expected one of development, test, production (or unset for development), got ${JSON.stringify(value)}`,
      );
    },
  );
});

describe('loadSecurityConfig', () => {
  it('falls back to the development secrets and a 12-hour token lifetime outside production', () => {
    expect(loadSecurityConfig({})).toEqual({
      environment: 'development',
      internalSecret: DEVELOPMENT_INTERNAL_SECRET,
      jwtSecret: DEVELOPMENT_JWT_SECRET,
      jwksUrl: null,
      jwtMaxLifetimeSeconds: 12 * 3600,
      jwtAudience: null,
      jwtIssuer: null,
      operationLimits: DEFAULT_OPERATION_LIMITS,
      trustedProxies: 0,
    });
    expect(loadSecurityConfig({ NODE_ENV: 'test' }).environment).toBe('test');
  });

  it('accepts a production configuration with strong secrets and reads the token settings', () => {
    expect(
      loadSecurityConfig(
        production({ JWT_MAX_LIFETIME: '30m', JWT_AUDIENCE: 'registry', JWT_ISSUER: 'https://id.eseur.ru' }),
      ),
    ).toEqual({
      environment: 'production',
      internalSecret: STRONG_INTERNAL,
      jwtSecret: STRONG_JWT,
      jwksUrl: null,
      jwtMaxLifetimeSeconds: 1800,
      jwtAudience: 'registry',
      jwtIssuer: 'https://id.eseur.ru',
      operationLimits: DEFAULT_OPERATION_LIMITS,
      trustedProxies: 0,
    });
    expect(loadSecurityConfig(production({ JWT_SECRET: '', JWKS_URL: 'https://id.eseur.ru/jwks' })).jwksUrl).toBe(
      'https://id.eseur.ru/jwks',
    );
  });

  it('reads operation limits and role budgets, refusing anything but a positive integer', () => {
    const limits = loadSecurityConfig({
      MAX_QUERY_DEPTH: '8',
      COST_BUDGET_ANALYST: '50000',
      MAX_RESPONSE_BYTES: '1000',
    }).operationLimits;
    expect(limits).toEqual({
      ...DEFAULT_OPERATION_LIMITS,
      maxDepth: 8,
      maxResponseBytes: 1000,
      costBudgets: { ...DEFAULT_OPERATION_LIMITS.costBudgets, ANALYST: 50_000 },
    });
    expect(() => loadSecurityConfig({ COST_BUDGET_ANONYMOUS: '0' })).toThrow(
      'COST_BUDGET_ANONYMOUS: expected a positive integer, got "0"',
    );
    expect(() => loadSecurityConfig({ MAX_QUERY_ALIASES: 'many' })).toThrow(
      'MAX_QUERY_ALIASES: expected a positive integer, got "many"',
    );
  });

  it('refuses missing secrets in production', () => {
    expect(() => loadSecurityConfig(production({ REGISTRY_INTERNAL_SECRET: '' }))).toThrow(
      'REGISTRY_INTERNAL_SECRET must be set when NODE_ENV=production',
    );
    expect(() => loadSecurityConfig(production({ JWT_SECRET: '' }))).toThrow(
      'JWT_SECRET must be set when NODE_ENV=production',
    );
  });

  it('refuses the published development secrets in production', () => {
    expect(() => loadSecurityConfig(production({ REGISTRY_INTERNAL_SECRET: DEVELOPMENT_INTERNAL_SECRET }))).toThrow(
      'REGISTRY_INTERNAL_SECRET: expected a secret of this deployment when NODE_ENV=production, got the published development default',
    );
    expect(() => loadSecurityConfig(production({ JWT_SECRET: DEVELOPMENT_JWT_SECRET }))).toThrow(
      'JWT_SECRET: expected a secret of this deployment when NODE_ENV=production, got the published development default',
    );
  });

  it('refuses secrets shorter than 32 characters in production', () => {
    expect(() => loadSecurityConfig(production({ JWT_SECRET: 'x'.repeat(31) }))).toThrow(
      'JWT_SECRET: expected at least 32 characters when NODE_ENV=production, got 31',
    );
    expect(() => loadSecurityConfig(production({ REGISTRY_INTERNAL_SECRET: 'secret' }))).toThrow(
      'REGISTRY_INTERNAL_SECRET: expected at least 32 characters when NODE_ENV=production, got 6',
    );
    expect(loadSecurityConfig(production({ JWT_SECRET: 'x'.repeat(32) })).jwtSecret).toBe('x'.repeat(32));
  });

  it('reads JWT_MAX_LIFETIME in seconds or with a unit, refusing anything else', () => {
    expect(loadSecurityConfig({ JWT_MAX_LIFETIME: '3600' }).jwtMaxLifetimeSeconds).toBe(3600);
    expect(loadSecurityConfig({ JWT_MAX_LIFETIME: '8h' }).jwtMaxLifetimeSeconds).toBe(8 * 3600);
    expect(loadSecurityConfig({ JWT_MAX_LIFETIME: '1d' }).jwtMaxLifetimeSeconds).toBe(86400);
    for (const value of ['0', '-5', '12 hours', 'forever']) {
      expect(() => loadSecurityConfig({ JWT_MAX_LIFETIME: value })).toThrow(
        `JWT_MAX_LIFETIME: expected a positive duration such as 3600, 90s, 30m, 12h or 1d, got ${JSON.stringify(value)}`,
      );
    }
  });
});

describe('TRUSTED_PROXIES', () => {
  it('is a whole number of proxies from 0 to 10, refused otherwise', () => {
    expect(loadSecurityConfig({ TRUSTED_PROXIES: '2' }).trustedProxies).toBe(2);
    expect(() => loadSecurityConfig({ TRUSTED_PROXIES: 'yes' })).toThrow(
      'TRUSTED_PROXIES: expected a whole number from 0 to 10, got "yes"',
    );
    expect(() => loadSecurityConfig({ TRUSTED_PROXIES: '-1' })).toThrow('TRUSTED_PROXIES');
  });
});
