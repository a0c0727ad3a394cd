import type { RegistryConfig } from '@registry/lib';
import { loadConfig, loadSecurityConfig } from '@registry/lib';

/**
 * The configuration an in-process stack of a test runs with, as a process's entry would read it:
 * the test process's environment (REDIS_URL, rates a test file set) with the test's `env` over
 * it, NODE_ENV=test. The security settings come from `env` alone: the secrets stay the
 * development ones, whatever the machine's environment holds.
 */
export function testConfig(env: Readonly<Record<string, string>> = {}): RegistryConfig {
  return {
    ...loadConfig({ ...process.env, ...env, NODE_ENV: 'test' }),
    security: loadSecurityConfig({ ...env, NODE_ENV: 'test' }),
  };
}
