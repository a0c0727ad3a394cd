import type { OperationLimits } from './limits/operation-limits';
import { loadOperationLimits } from './limits/operation-limits';

/** Where a process runs; only `production` refuses development defaults. */
export type Environment = 'development' | 'test' | 'production';
const ENVIRONMENTS: readonly Environment[] = ['development', 'test', 'production'];

/** Settings every process reads from its environment, with development defaults spelled out. */
export interface SecurityConfig {
  readonly environment: Environment;
  /** HMAC secret shared by the gateway and subgraphs to sign the forwarded viewer. */
  readonly internalSecret: string;
  /** HS256 secret for users' tokens, unless JWKS_URL asks for RS256 keys. */
  readonly jwtSecret: string;
  readonly jwksUrl: string | null;
  /** Longest lifetime a user's token may have (its `exp` minus its `iat`), in seconds. */
  readonly jwtMaxLifetimeSeconds: number;
  /** When set, a token's `aud` must name it. */
  readonly jwtAudience: string | null;
  /** When set, a token's `iss` must be it. */
  readonly jwtIssuer: string | null;
  /** Depth, alias, directive, token and per-role cost limits of one operation (docs/security.md). */
  readonly operationLimits: OperationLimits;
  /**
   * How many proxies in front of the gateway append to `X-Forwarded-For` (0: none, the socket's
   * peer is the client). Rate limits of anonymous callers key on the client's address.
   */
  readonly trustedProxies: number;
}

/** Published in this repository, so they protect nothing: production refuses them. */
export const DEVELOPMENT_INTERNAL_SECRET = 'development-only-internal-secret';
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret';
const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** A working day: long enough for one sign-in per shift, short enough that a leaked token dies the same day. */
const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 12 * 60 * 60;
const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `NODE_ENV`, unset meaning development; a misspelt value is an error, not a silent development mode. */
export function environmentOf(env: NodeJS.ProcessEnv = process.env): Environment {
  const value = env['NODE_ENV'];
  if (value === undefined || value === '') return 'development';
  const known = ENVIRONMENTS.find((environment) => environment === value);
  if (!known) throw new Error(`NODE_ENV: expected one of ${ENVIRONMENTS.join(', ')} (or unset for development), got ${JSON.stringify(value)}`);
  return known;
}

/**
 * Reads the security settings. In production (`NODE_ENV=production`) every secret must be set,
 * have at least 32 characters and differ from the published development default.
 */
export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const environment = environmentOf(env);
  const production = environment === 'production';
  const secret = (name: string, developmentDefault: string): string => {
    const value = env[name];
    if (!production) return value || developmentDefault;
    if (!value) throw new Error(`${name} must be set when NODE_ENV=production`);
    if (value === developmentDefault) throw new Error(`${name}: expected a secret of this deployment when NODE_ENV=production, got the published development default`);
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new Error(`${name}: expected at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production, got ${value.length}`);
    }
    return value;
  };
  const jwksUrl = env['JWKS_URL'] || null;
  return {
    environment,
    internalSecret: secret('REGISTRY_INTERNAL_SECRET', DEVELOPMENT_INTERNAL_SECRET),
    jwtSecret: jwksUrl ? '' : secret('JWT_SECRET', DEVELOPMENT_JWT_SECRET),
    jwksUrl,
    jwtMaxLifetimeSeconds: durationSeconds('JWT_MAX_LIFETIME', env['JWT_MAX_LIFETIME'], DEFAULT_JWT_MAX_LIFETIME_SECONDS),
    jwtAudience: env['JWT_AUDIENCE'] || null,
    jwtIssuer: env['JWT_ISSUER'] || null,
    operationLimits: loadOperationLimits(env),
    trustedProxies: wholeNumber(env, 'TRUSTED_PROXIES', 0),
  };
}

/** A duration such as `3600`, `90s`, `30m`, `12h` or `1d`, in seconds. */
function durationSeconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const amount = match?.[1];
  const unit = DURATION_UNITS[match?.[2] || 's'];
  if (amount === undefined || unit === undefined || Number(amount) === 0) {
    throw new Error(`${name}: expected a positive duration such as 3600, 90s, 30m, 12h or 1d, got ${JSON.stringify(value)}`);
  }
  return Number(amount) * unit;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 10) throw new Error(`${name}: expected a whole number from 0 to 10, got ${JSON.stringify(text)}`);
  return value;
}
