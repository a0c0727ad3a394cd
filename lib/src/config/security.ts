import { CommandError } from '../errors/command-error';
import type { OperationLimits } from '../limits/operation-limits';
import { loadOperationLimits } from '../limits/operation-limits';
import type { Env, Environment } from './environment';
import { environmentOf } from './environment';
import { durationSeconds, wholeNumber } from './values';

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
/** Shortest secret production accepts (the QR keys of cards too). */
export const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** A working day: long enough for one sign-in per shift, short enough that a leaked token dies the same day. */
const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * Reads the security settings. In production (`NODE_ENV=production`) every secret must be set,
 * have at least 32 characters and differ from the published development default.
 */
export function loadSecurityConfig(env: Env): SecurityConfig {
  const environment = environmentOf(env);
  const production = environment === 'production';
  const secret = (name: string, developmentDefault: string): string => {
    const value = env[name];
    if (!production) return value || developmentDefault;
    if (!value) throw new CommandError(`${name} must be set when NODE_ENV=production`);
    if (value === developmentDefault)
      throw new CommandError(
        `${name}: expected a secret of this deployment when NODE_ENV=production, got the published development default`,
      );
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new CommandError(
        `${name}: expected at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production, got ${value.length}`,
      );
    }
    return value;
  };
  const jwksUrl = env['JWKS_URL'] || null;
  return {
    environment,
    internalSecret: secret('REGISTRY_INTERNAL_SECRET', DEVELOPMENT_INTERNAL_SECRET),
    jwtSecret: jwksUrl ? '' : secret('JWT_SECRET', DEVELOPMENT_JWT_SECRET),
    jwksUrl,
    jwtMaxLifetimeSeconds: durationSeconds(env, 'JWT_MAX_LIFETIME', DEFAULT_JWT_MAX_LIFETIME_SECONDS),
    jwtAudience: env['JWT_AUDIENCE'] || null,
    jwtIssuer: env['JWT_ISSUER'] || null,
    operationLimits: loadOperationLimits(env),
    trustedProxies: wholeNumber(env, 'TRUSTED_PROXIES', 0, { min: 0, max: 10 }),
  };
}
