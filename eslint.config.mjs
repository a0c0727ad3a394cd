// ESLint for the whole tree (`npm run lint`). Prettier owns the layout, so eslint-config-prettier
// turns off every stylistic rule that would argue with it; ESLint checks types, promises and the
// boundaries between packages.
import { join } from 'node:path';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// The workspaces (package.json "workspaces"), each with its own dependencies.
const packages = [
  'lib',
  'subgraphs/organizations',
  'subgraphs/members',
  'subgraphs/cards',
  'subgraphs/statistics',
  'gateway',
  'stack',
  'tests',
];

// Test and tooling code: these files may use devDependencies.
const devFiles = ['**/test/**', '**/*.test.ts', 'tests/**', 'scripts/**', '*.mts', '*.mjs'];

/**
 * Every import is declared in the importing file's own package.json; dev files may also use the
 * root's devDependencies (vitest, the type packages), which every workspace shares.
 */
const declaredDependencies = (packageDir) => [
  'error',
  {
    packageDir: [...new Set([join(root, packageDir), root])],
    devDependencies: devFiles,
    includeInternal: true,
    includeTypes: true,
  },
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/.data/',
    '**/coverage/',
    // Generated: written by `npm run schema:write` and `npm run codegen`, checked by their --check.
    'schema/',
    'gateway/src/sdk/graphql.ts',
  ]),

  js.configs.recommended,

  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    rules: {
      // Counts and amounts go into messages as they are; nullish values and objects still need a
      // deliberate String().
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `process.env['X']`, `extensions['code']`: an index signature is read with brackets, so a
      // key that may be missing looks like one.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // `(error) => reject(error)` and `() => res.redirect(…)` are callbacks whose result nobody reads.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // type-graphql's object types are classes used as shapes: resolvers return plain objects of
      // that shape, and type-graphql reads their fields, never their prototype.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // `async` is how a function here says it returns a promise (Apollo plugin hooks, the rate
      // limit and read-routing stores behind one interface, migrations, the security matrix's
      // requests): a throw inside becomes a rejection, as its callers expect, with or without an await.
      '@typescript-eslint/require-await': 'off',
      // `({ total_count: _, ...row }) => row` is how a column is left out of a row.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `text.trim() || null`, `env['X'] || fallback`: a blank string counts as absent.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // Strings are spread into their characters only where they are digits (check sums, serials).
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
    },
  },

  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs'],
    extends: [importX.flatConfigs.recommended, importX.flatConfigs.typescript],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      'import-x/no-extraneous-dependencies': declaredDependencies('.'),
      // A relative path never leaves its package: another package is imported by its name.
      'import-x/no-relative-packages': 'error',
      // `jwt.verify`, `ExcelJS.Workbook`: CommonJS packages are imported as their one exported
      // object (esModuleInterop), and a member of it is what they document.
      'import-x/no-named-as-default-member': 'off',
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@registry/*/src', '@registry/*/src/*'],
              message: "Import the package's public entry (its package.json exports), not its src/.",
            },
          ],
        },
      ],
    },
  },

  {
    files: ['**/test/**/*.ts', 'tests/**/*.ts'],
    rules: {
      // `let harness: Harness` is set in beforeAll and typed as set, but stays unset when
      // beforeAll fails, and afterAll still runs: `harness?.close()` is for that case.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // vitest's asymmetric matchers (`expect.any(String)`, `expect.objectContaining`) are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // `dataOf<Row>(result, 'field')`: a test names the shape it expects an answer to have.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },

  ...packages.map((dir) => ({
    files: [`${dir}/**/*.ts`],
    rules: { 'import-x/no-extraneous-dependencies': declaredDependencies(dir) },
  })),

  {
    files: ['gateway/src/dashboard/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },

  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },

  prettier,
);
