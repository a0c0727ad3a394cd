import type { CardsConfig } from './cards';
import { loadCardsConfig } from './cards';
import type { DatabaseConfig } from './database';
import { loadDatabaseConfig } from './database';
import type { Env, Environment } from './environment';
import type { GatewaySettings } from './gateway';
import { loadGatewaySettings } from './gateway';
import type { HttpConfig } from './http';
import { loadHttpConfig } from './http';
import type { LoggingConfig } from './logging';
import { loadLoggingConfig } from './logging';
import type { RatePolicies } from './rate-limits';
import { loadRatePolicies } from './rate-limits';
import type { RedisConfig } from './redis';
import { loadRedisConfig } from './redis';
import type { SecurityConfig } from './security';
import { loadSecurityConfig } from './security';
import type { ToolsConfig } from './tools';
import { loadToolsConfig } from './tools';
import type { TracingConfig } from './tracing';
import { loadTracingConfig } from './tracing';

export * from './cards';
export * from './database';
export * from './environment';
export * from './gateway';
export * from './http';
export * from './logging';
export * from './rate-limits';
export * from './redis';
export * from './security';
export * from './tools';
export * from './tracing';

/**
 * Every setting of a process (README, "Settings"), read once by its entry point
 * (`loadConfig(process.env)`) and handed down: servers, subgraphs' start hooks and each
 * request's context carry it; nothing else reads the environment.
 */
export interface RegistryConfig {
  readonly environment: Environment;
  readonly security: SecurityConfig;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly rateLimits: RatePolicies;
  readonly http: HttpConfig;
  readonly logging: LoggingConfig;
  readonly tracing: TracingConfig;
  readonly gateway: GatewaySettings;
  readonly tools: ToolsConfig;
  /** The cards subgraph's settings; null in a process that does not serve it. */
  readonly cards: CardsConfig | null;
}

/** Every subgraph; a process that says nothing serves them all (the development stack, tests). */
const ALL_SUBGRAPHS: readonly string[] = ['organizations', 'members', 'cards', 'statistics'];

export interface ConfigOptions {
  /**
   * Subgraphs this process serves (none for the gateway). A setting that only one subgraph uses
   * and production requires (the cards' QR keys) is read, and required, only where it runs.
   */
  readonly subgraphs?: readonly string[];
}

/**
 * Reads the whole configuration; a wrong value is an error naming the variable, what was
 * expected and what came. In production (`NODE_ENV=production`) development defaults of secrets
 * are refused.
 */
export function loadConfig(env: Env, options: ConfigOptions = {}): RegistryConfig {
  const security = loadSecurityConfig(env);
  const serves = options.subgraphs ?? ALL_SUBGRAPHS;
  return {
    environment: security.environment,
    security,
    database: loadDatabaseConfig(env),
    redis: loadRedisConfig(env),
    rateLimits: loadRatePolicies(env),
    http: loadHttpConfig(env),
    logging: loadLoggingConfig(env),
    tracing: loadTracingConfig(env),
    gateway: loadGatewaySettings(env, security.environment),
    tools: loadToolsConfig(env),
    cards: serves.includes('cards') ? loadCardsConfig(env) : null,
  };
}
