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
  if (!known)
    throw new Error(
      `NODE_ENV: expected one of ${ENVIRONMENTS.join(', ')} (or unset for development), got ${JSON.stringify(value)}`,
    );
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
    if (value === developmentDefault)
      throw new Error(
        `${name}: expected a secret of this deployment when NODE_ENV=production, got the published development default`,
      );
    if (value.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new Error(
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
    jwtMaxLifetimeSeconds: durationSeconds(
      'JWT_MAX_LIFETIME',
      env['JWT_MAX_LIFETIME'],
      DEFAULT_JWT_MAX_LIFETIME_SECONDS,
    ),
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
    throw new Error(
      `${name}: expected a positive duration such as 3600, 90s, 30m, 12h or 1d, got ${JSON.stringify(value)}`,
    );
  }
  return Number(amount) * unit;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 10)
    throw new Error(`${name}: expected a whole number from 0 to 10, got ${JSON.stringify(text)}`);
  return value;
}

/** pino's levels; `silent` writes nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface DatabaseConfig {
  /** DATABASE_URL; null means the embedded PostgreSQL of the development stack and tests. */
  readonly url: string | null;
  /** Connections per ORM (each subgraph has one ORM per process). */
  readonly poolMax: number;
  /** DATABASE_REPLICA_URLS: streaming replicas of DATABASE_URL's server that queries read from (docs/deployment.md). */
  readonly replicaUrls: readonly string[];
  /**
   * DATABASE_PRIMARY_AFTER_WRITE: how long after a caller's mutation its queries still read the
   * primary, so a caller sees its own writes however far a replica lags (up to this long).
   */
  readonly primaryAfterWriteSeconds: number;
}

export interface HttpConfig {
  /** Interface a standalone server binds; loopback unless a deployment says otherwise. */
  readonly host: string;
  /** PORT, null when unset (each entry has its own default: 4000 for the gateway, 4001–4004 for subgraphs). */
  readonly port: number | null;
}

export interface LoggingConfig {
  readonly level: LogLevel;
}

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT; null: no OpenTelemetry module is loaded and nothing is sent. */
  readonly otlpEndpoint: string | null;
}

export interface GatewaySettings {
  /** Development only: compose from the running subgraphs (GATEWAY_INTROSPECT=1). */
  readonly introspect: boolean;
  /** SUBGRAPH_URLS: where each subgraph is, overriding the supergraph's `@join__graph(url:)`. */
  readonly subgraphUrls: Readonly<Record<string, string>> | null;
}

/** Every setting of a process, read in this one module (README, "Settings"). */
export interface RegistryConfig {
  readonly environment: Environment;
  readonly security: SecurityConfig;
  readonly database: DatabaseConfig;
  readonly http: HttpConfig;
  readonly logging: LoggingConfig;
  readonly tracing: TracingConfig;
  readonly gateway: GatewaySettings;
  /** `npm start` only: REGISTRY_DATABASE (another database on the same server) and DEMO=0. */
  readonly stack: { readonly databaseName: string | null; readonly demo: boolean };
}

/**
 * Reads the whole configuration. Rate limits (PARTNER_*_RATE, SIGN_IN_*_RATE, APPLICATION_RATE,
 * REDIS_URL), QR keys and CARDS_MEMBER_EVENTS_INTERVAL_MS stay with the services that use them,
 * each read by a typed loader taking `env` as this one does.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const security = loadSecurityConfig(env);
  return {
    environment: security.environment,
    security,
    database: loadDatabaseConfig(env),
    http: loadHttpConfig(env),
    logging: loadLoggingConfig(env),
    tracing: loadTracingConfig(env),
    gateway: loadGatewaySettings(env, security.environment),
    stack: { databaseName: env['REGISTRY_DATABASE']?.trim() || null, demo: env['DEMO'] !== '0' },
  };
}

export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  return { otlpEndpoint: env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || null };
}

export const DEFAULT_DB_POOL_MAX = 10;
/** Streaming replicas on one network lag by milliseconds; ten seconds also covers a checkpoint's or a vacuum's hiccup. */
export const DEFAULT_PRIMARY_AFTER_WRITE_SECONDS = 10;

export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const text = env['DB_POOL_MAX']?.trim();
  const poolMax = text ? Number(text) : DEFAULT_DB_POOL_MAX;
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 1000)
    throw new Error(`DB_POOL_MAX: expected a whole number from 1 to 1000, got ${JSON.stringify(text)}`);
  const replicaUrls = (env['DATABASE_REPLICA_URLS'] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  for (const url of replicaUrls) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url))
      throw new Error(`DATABASE_REPLICA_URLS: expected comma-separated postgresql:// URLs, got ${JSON.stringify(url)}`);
  }
  return {
    url: env['DATABASE_URL']?.trim() || null,
    poolMax,
    replicaUrls,
    primaryAfterWriteSeconds: durationSeconds(
      'DATABASE_PRIMARY_AFTER_WRITE',
      env['DATABASE_PRIMARY_AFTER_WRITE'],
      DEFAULT_PRIMARY_AFTER_WRITE_SECONDS,
    ),
  };
}

export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const text = env['PORT'];
  let port: number | null = null;
  if (text !== undefined && text !== '') {
    port = Number(text);
    if (!/^\d+$/.test(text.trim()) || port > 65535) throw new Error(`PORT must be a TCP port (0–65535), got "${text}"`);
  }
  return { host: env['HOST']?.trim() || '127.0.0.1', port };
}

/** LOG_LEVEL, else `info`; tests (NODE_ENV=test) are quiet unless LOG_LEVEL says otherwise. */
export function loadLoggingConfig(env: NodeJS.ProcessEnv = process.env): LoggingConfig {
  const text = env['LOG_LEVEL']?.trim().toLowerCase();
  if (!text) return { level: env['NODE_ENV'] === 'test' ? 'silent' : 'info' };
  const level = LOG_LEVELS.find((known) => known === text);
  if (!level) throw new Error(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(text)}`);
  return { level };
}

function loadGatewaySettings(env: NodeJS.ProcessEnv, environment: Environment): GatewaySettings {
  const introspect = env['GATEWAY_INTROSPECT'] === '1';
  if (introspect && environment === 'production')
    throw new Error(
      'GATEWAY_INTROSPECT=1 is refused when NODE_ENV=production: the gateway serves the reviewed supergraph',
    );
  const text = env['SUBGRAPH_URLS']?.trim();
  if (!text) return { introspect, subgraphUrls: null };
  const problem = `SUBGRAPH_URLS: expected a JSON object of subgraph names and http(s) URLs, e.g. {"members":"http://10.0.0.2:4002/graphql"}, got ${JSON.stringify(text)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(problem);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(problem);
  const urls: Record<string, string> = {};
  for (const [name, url] of Object.entries(parsed)) {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) throw new Error(problem);
    urls[name] = url;
  }
  return { introspect, subgraphUrls: urls };
}
