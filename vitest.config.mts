import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';

// type-graphql and MikroORM read decorator metadata, which vitest's default esbuild transform
// does not emit; SWC does.
export default defineConfig({
  // graphql ships both ESM and CommonJS; the libraries load the CommonJS build, so the tests must
  // too, or two copies of graphql meet ("Cannot use GraphQLSchema from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: resolve('node_modules/graphql/index.js') }] },
  plugins: [
    swc.vite({
      jsc: {
        transform: { decoratorMetadata: true, legacyDecorator: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  test: {
    setupFiles: ['reflect-metadata', 'tests/support/test-logging.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    include: [
      'subgraphs/*/test/**/*.test.ts',
      'gateway/test/**/*.test.ts',
      'lib/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    // REGISTRY_STACK=production (`npm run test:production`) runs tests/e2e against the build, each
    // service its own process (tests/support/production-stack.ts); not these, which bring their
    // own stack or need the development one: faults (its own database and stack, which it stops
    // and restarts), start (`npm start`), production (builds and starts the five itself, in the
    // default run) and browser (GraphiQL with a pre-filled token, which production refuses).
    exclude: [
      ...configDefaults.exclude,
      ...(process.env['REGISTRY_STACK'] === 'production'
        ? [
            'tests/e2e/faults.test.ts',
            'tests/e2e/start.test.ts',
            'tests/e2e/production.test.ts',
            'tests/e2e/browser.test.ts',
          ]
        : []),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
