import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// type-graphql and MikroORM read decorator metadata, which vitest's default esbuild transform
// does not emit; SWC does.
export default defineConfig({
  // graphql ships both ESM and CommonJS; the libraries load the CommonJS build, so the tests must
  // too, or two copies of graphql meet ("Cannot use GraphQLSchema from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: resolve('node_modules/graphql/index.js') }] },
  plugins: [swc.vite({ jsc: { transform: { decoratorMetadata: true, legacyDecorator: true, useDefineForClassFields: false }, target: 'es2022' } })],
  test: {
    setupFiles: ['reflect-metadata'],
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    include: ['subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'lib/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
