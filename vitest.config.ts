import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// type-graphql and MikroORM read decorator metadata, which vitest's default esbuild transform
// does not emit; SWC does.
export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { decoratorMetadata: true, legacyDecorator: true, useDefineForClassFields: false }, target: 'es2022' } })],
  test: {
    setupFiles: ['reflect-metadata'],
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'lib/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
