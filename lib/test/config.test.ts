import { describe, expect, it } from 'vitest';
import {
  DEFAULT_APPLICATION_RATE,
  DEVELOPMENT_INTERNAL_SECRET,
  DEVELOPMENT_JWT_SECRET,
  environmentOf,
  loadCardsConfig,
  loadConfig,
  loadDatabaseConfig,
  loadGatewaySettings,
  loadHttpConfig,
  loadLoggingConfig,
  loadRatePolicies,
  loadRedisConfig,
  loadSecurityConfig,
  loadToolsConfig,
  loadTracingConfig,
} from '../src/config';
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

describe('loadConfig', () => {
  const QR_KEYS = JSON.stringify({ k1: 'qr-key-of-this-deployment-0123456789abcdef' });

  it('reads every section once, the cards settings only where the cards subgraph runs', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.cards?.qrKeys.activeKeyId).toBe('dev');
    expect(loadConfig({}, { subgraphs: ['members'] }).cards).toBeNull();
  });

  it('requires the QR keys in production from a process serving cards, not from the gateway', () => {
    expect(() => loadConfig(production(), { subgraphs: ['cards'] })).toThrow(
      'CARD_QR_KEYS and CARD_QR_ACTIVE_KEY must be set when NODE_ENV=production',
    );
    expect(loadConfig(production(), { subgraphs: [] }).cards).toBeNull();
    const cards = loadConfig(production({ CARD_QR_KEYS: QR_KEYS, CARD_QR_ACTIVE_KEY: 'k1' }), { subgraphs: ['cards'] });
    expect(cards.cards?.qrKeys.activeKeyId).toBe('k1');
  });
});

describe('database settings', () => {
  it('default to the embedded server, 10 connections, no replicas and 10 s on the primary after a write', () => {
    expect(loadDatabaseConfig({})).toEqual({ url: null, poolMax: 10, replicaUrls: [], primaryAfterWriteSeconds: 10 });
    expect(
      loadDatabaseConfig({
        DATABASE_URL: ' postgresql://registry@db/registry ',
        DB_POOL_MAX: '25',
        DATABASE_REPLICA_URLS: 'postgresql://r1/registry, postgres://r2/registry',
        DATABASE_PRIMARY_AFTER_WRITE: '30s',
      }),
    ).toEqual({
      url: 'postgresql://registry@db/registry',
      poolMax: 25,
      replicaUrls: ['postgresql://r1/registry', 'postgres://r2/registry'],
      primaryAfterWriteSeconds: 30,
    });
  });

  it('refuse a pool out of range, a replica that is not a PostgreSQL URL and a wrong duration', () => {
    expect(() => loadDatabaseConfig({ DB_POOL_MAX: '0' })).toThrow(
      'DB_POOL_MAX: expected a whole number from 1 to 1000, got "0"',
    );
    expect(() => loadDatabaseConfig({ DATABASE_REPLICA_URLS: 'mysql://r1' })).toThrow(
      'DATABASE_REPLICA_URLS: expected comma-separated postgresql:// URLs, got "mysql://r1"',
    );
    expect(() => loadDatabaseConfig({ DATABASE_PRIMARY_AFTER_WRITE: 'soon' })).toThrow(
      'DATABASE_PRIMARY_AFTER_WRITE: expected a positive duration such as 3600, 90s, 30m, 12h or 1d, got "soon"',
    );
  });
});

describe('HTTP, logging and tracing settings', () => {
  it('read PORT, HOST, LOG_LEVEL and the OpenTelemetry endpoint and service name', () => {
    expect(loadHttpConfig({})).toEqual({ host: '127.0.0.1', port: null });
    expect(loadHttpConfig({ PORT: '4100', HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 4100 });
    expect(loadLoggingConfig({})).toEqual({ level: 'info' });
    expect(loadLoggingConfig({ NODE_ENV: 'test' })).toEqual({ level: 'silent' });
    expect(loadLoggingConfig({ NODE_ENV: 'test', LOG_LEVEL: 'Debug' })).toEqual({ level: 'debug' });
    expect(loadTracingConfig({})).toEqual({ otlpEndpoint: null, serviceName: null });
    expect(
      loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318', OTEL_SERVICE_NAME: 'registry-east' }),
    ).toEqual({ otlpEndpoint: 'http://otel:4318', serviceName: 'registry-east' });
  });

  it('refuse a port that is not one and an unknown log level', () => {
    expect(() => loadHttpConfig({ PORT: '40o0' })).toThrow('PORT must be a TCP port (0–65535), got "40o0"');
    expect(() => loadHttpConfig({ PORT: '70000' })).toThrow('PORT must be a TCP port (0–65535), got "70000"');
    expect(() => loadLoggingConfig({ LOG_LEVEL: 'loud' })).toThrow(
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
  });
});

describe('gateway settings', () => {
  it('read SUBGRAPH_URLS and refuse GATEWAY_INTROSPECT in production', () => {
    expect(loadGatewaySettings({ SUBGRAPH_URLS: '{"members":"http://10.0.0.2:4002/graphql"}' }, 'development')).toEqual(
      {
        introspect: false,
        subgraphUrls: { members: 'http://10.0.0.2:4002/graphql' },
      },
    );
    expect(() => loadGatewaySettings({ SUBGRAPH_URLS: '{"members":"10.0.0.2"}' }, 'development')).toThrow(
      /^SUBGRAPH_URLS: expected a JSON object of subgraph names and http\(s\) URLs/,
    );
    expect(() => loadGatewaySettings({ GATEWAY_INTROSPECT: '1' }, 'production')).toThrow(
      'GATEWAY_INTROSPECT=1 is refused when NODE_ENV=production: the gateway serves the reviewed supergraph',
    );
  });
});

describe('Redis and rate limits', () => {
  it('keep limits in memory unless REDIS_URL names a Redis', () => {
    expect(loadRedisConfig({})).toEqual({ url: null });
    expect(loadRedisConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({ url: 'redis://127.0.0.1:6379' });
    expect(() => loadRedisConfig({ REDIS_URL: '127.0.0.1:6379' })).toThrow(
      'REDIS_URL: expected a redis:// or rediss:// URL (or a socket\'s absolute path), got "127.0.0.1:6379"',
    );
  });

  it('read each limit from its variable, else its default, and refuse a wrong one naming it', () => {
    const policies = loadRatePolicies({ SIGN_IN_RATE: '5/15m' });
    expect(policies.signIn).toEqual({ limit: 5, windowSeconds: 900, burst: 5 });
    expect(policies.application).toEqual({ limit: 20, windowSeconds: 3600, burst: 10 });
    expect(DEFAULT_APPLICATION_RATE).toBe('20/h,burst=10');
    expect(policies.partnerBatch).toEqual({ limit: 30, windowSeconds: 3600, burst: 5 });
    expect(policies.signInCode).toEqual({ limit: 3, windowSeconds: 900, burst: 3 });
    expect(policies.signInClient).toEqual({ limit: 60, windowSeconds: 60, burst: 20 });
    expect(() => loadRatePolicies({ APPLICATION_RATE: 'lots' })).toThrow(
      'APPLICATION_RATE: expected <limit>/<window>[,burst=<n>] such as 10/s,burst=20 or 5/15m, got "lots"',
    );
    expect(() => loadRatePolicies({ SIGN_IN_CLIENT_RATE: '0/m' })).toThrow(
      /^SIGN_IN_CLIENT_RATE: Rate policy: expected/,
    );
  });
});

describe('cards settings', () => {
  it('poll the members outbox every 2 s unless CARDS_MEMBER_EVENTS_INTERVAL_MS says otherwise, refusing a wrong one', () => {
    expect(loadCardsConfig({}).memberEventsIntervalMs).toBe(2000);
    expect(loadCardsConfig({ CARDS_MEMBER_EVENTS_INTERVAL_MS: '100' }).memberEventsIntervalMs).toBe(100);
    expect(() => loadCardsConfig({ CARDS_MEMBER_EVENTS_INTERVAL_MS: 'often' })).toThrow(
      'CARDS_MEMBER_EVENTS_INTERVAL_MS: expected a whole number from 1 to 86400000, got "often"',
    );
  });
});

describe('settings of the tools', () => {
  it('read REGISTRY_DATABASE, DEMO and GATEWAY_URL (the local gateway on PORT by default)', () => {
    expect(loadToolsConfig({})).toEqual({
      databaseName: null,
      demo: true,
      gatewayUrl: 'http://127.0.0.1:4000/graphql',
    });
    expect(loadToolsConfig({ PORT: '4100', DEMO: '0', REGISTRY_DATABASE: 'union_small' })).toEqual({
      databaseName: 'union_small',
      demo: false,
      gatewayUrl: 'http://127.0.0.1:4100/graphql',
    });
    expect(() => loadToolsConfig({ GATEWAY_URL: 'gateway:4000' })).toThrow(
      'GATEWAY_URL: expected an http(s) URL of the gateway\'s /graphql, got "gateway:4000"',
    );
  });
});
