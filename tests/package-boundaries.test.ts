import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { preProcessFile } from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries between workspace packages (docs/architecture.md, "Layout"): a package imports
 * another only through an entry that package's `exports` names (`@registry/lib`,
 * `@registry/lib/testing`, `@registry/members/contract`), never a file of its `src/`, and never
 * by a relative path out of its own folder; its own modules it imports by relative path. Every
 * package it imports is declared in its own package.json: in `dependencies` when its runtime
 * source (`src/`) imports it, in either list for its tests and tools. A subgraph's runtime source
 * reaches another subgraph only through that one's contract, and no runtime source imports a
 * `/testing` entry. Node refuses an unexported path at
 * run time, but TypeScript's `node` resolution would not: this is where a deep import fails.
 */
const ROOT = resolve(__dirname, '..');

/** A workspace package as its package.json declares it. */
interface Manifest {
  readonly name: string;
  /** Its folder, relative to the root. */
  readonly folder: string;
  /** The subpaths of its `exports` (`.`, `./testing`, …). */
  readonly entries: ReadonlySet<string>;
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
}

const isSubgraph = (manifest: Manifest): boolean => manifest.folder.startsWith('subgraphs/');

/** A problem found in one file: where and what. */
interface Finding {
  file: string;
  line: number;
  specifier: string;
  problem: string;
}

function manifestOf(folder: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as {
    name: string;
    exports?: Record<string, unknown>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return {
    name: manifest.name,
    folder,
    entries: new Set(Object.keys(manifest.exports ?? {})),
    dependencies: new Set(Object.keys(manifest.dependencies ?? {})),
    devDependencies: new Set(Object.keys(manifest.devDependencies ?? {})),
  };
}

/** The root package.json's workspaces, `subgraphs/*` spelled out or as a pattern. */
function workspaces(): Manifest[] {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : [pattern],
    )
    .map(manifestOf);
}

/** `@scope/name/sub/path` → `@scope/name` and `/sub/path`; `name/sub` → `name` and `/sub`. */
function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  return {
    name: parts.slice(0, length).join('/'),
    subpath: parts
      .slice(length)
      .map((part) => `/${part}`)
      .join(''),
  };
}

const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(splitSpecifier(specifier).name);

/**
 * What is wrong with the imports of `source`, a file at `file` (relative to the root) of package
 * `own`: every `import`, `export … from`, `import()` and `require()`, read by TypeScript's own
 * scanner (so an import quoted in a string or a comment is not one).
 */
function findingsOf(source: string, file: string, own: Manifest, packages: ReadonlyMap<string, Manifest>): Finding[] {
  const inside = relative(own.folder, file).split('\\').join('/');
  const runtime = inside.startsWith('src/');
  const findings: Finding[] = [];
  for (const { fileName: specifier, pos } of preProcessFile(source, true, true).importedFiles) {
    const found = (problem: string): void => {
      findings.push({ file, line: source.slice(0, pos).split('\n').length, specifier, problem });
    };
    if (specifier.startsWith('.')) {
      if (relative(own.folder, join(dirname(file), specifier)).startsWith('..'))
        found(`leaves ${own.name}: import the other package by its name and an entry it exports`);
      continue;
    }
    if (isBuiltin(specifier)) continue;
    const { name, subpath } = splitSpecifier(specifier);
    if (name === own.name) {
      found(`is ${own.name} itself: a package imports its own modules by relative path`);
      continue;
    }
    const declared = own.dependencies.has(name) || (!runtime && own.devDependencies.has(name));
    if (!declared)
      found(
        own.devDependencies.has(name)
          ? `${name} is a devDependency of ${own.name}, but its runtime source (src/) imports it`
          : `${name} is not declared in ${own.folder}/package.json`,
      );
    const target = packages.get(name);
    if (target && !target.entries.has(`.${subpath}`))
      found(`${name} does not export .${subpath} (its exports: ${[...target.entries].join(', ')})`);
    if (target && runtime && subpath === '/testing')
      found(`${name}/testing is for tests: nothing in production imports it`);
    if (target && runtime && isSubgraph(own) && isSubgraph(target) && subpath !== '/contract')
      found(`a subgraph's runtime source reaches another subgraph only through its contract (${name}/contract)`);
  }
  return findings;
}

/** A package's TypeScript files, without the folders of other packages nested in it. */
function filesOf(manifest: Manifest, others: readonly Manifest[]): string[] {
  const nested = others.filter((other) => other.folder.startsWith(`${manifest.folder}/`)).map((other) => other.folder);
  return readdirSync(join(ROOT, manifest.folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|tsx)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((file) => !/(^|\/)(node_modules|dist)\//.test(file))
    .filter((file) => !nested.some((folder) => file.startsWith(`${folder}/`)));
}

const PACKAGES = workspaces();
const BY_NAME = new Map(PACKAGES.map((manifest) => [manifest.name, manifest]));

describe('boundaries between packages', () => {
  it('reads every workspace package, each with a public entry', () => {
    expect(PACKAGES.map((manifest) => manifest.name)).toEqual(
      expect.arrayContaining([
        '@registry/lib',
        '@registry/organizations',
        '@registry/members',
        '@registry/cards',
        '@registry/statistics',
        '@registry/gateway',
        '@registry/stack',
        '@registry/tests',
      ]),
    );
    expect(PACKAGES.filter((manifest) => !manifest.entries.has('.')).map((manifest) => manifest.name)).toEqual([]);
  });

  it('catches a deep import, a way out by relative path, an undeclared dependency and a self-import', () => {
    const sample = [
      "import { MembershipService } from '@registry/members/src/services/membership.service';",
      "import { admitMember } from '@registry/members/testing';",
      "import { logger } from '@registry/lib';",
      "import { countQueries } from '@registry/lib/testing';",
      "import { MEMBER_V1 } from '@registry/members/contract';",
      "import { x } from '../../../../lib/src/x';",
      "import { y } from '../support/y';",
      "import express from 'express';",
      "import { describe } from 'vitest';",
      "import { gateway } from '@registry/gateway';",
      "import { readFile } from 'node:fs/promises';",
      "const config = await import('@registry/lib/src/config');",
      "const pad = require('left-pad');",
      'const quoted = "import { z } from \'@registry/cards/src/z\'";',
      "// import { w } from '@registry/cards/src/w';",
    ].join('\n');
    const statistics = BY_NAME.get('@registry/statistics');
    if (!statistics) throw new Error('Expected the statistics package among the workspaces');
    const problems = (file: string): string[] =>
      findingsOf(sample, file, statistics, BY_NAME).map((finding) => `${finding.line} ${finding.specifier}`);
    // Its tests may use its devDependencies and other subgraphs' roots and testing entries.
    expect(problems('subgraphs/statistics/test/x.test.ts')).toEqual([
      '1 @registry/members/src/services/membership.service',
      '6 ../../../../lib/src/x',
      '8 express',
      '10 @registry/gateway',
      '12 @registry/lib/src/config',
      '13 left-pad',
    ]);
    // Its runtime source may not, and it reaches the members subgraph only through the contract.
    expect(problems('subgraphs/statistics/src/services/x.ts')).toEqual([
      '1 @registry/members/src/services/membership.service',
      '1 @registry/members/src/services/membership.service',
      '2 @registry/members/testing',
      '2 @registry/members/testing',
      '4 @registry/lib/testing',
      '6 ../../../../lib/src/x',
      '8 express',
      '9 vitest',
      '10 @registry/gateway',
      '12 @registry/lib/src/config',
      '13 left-pad',
    ]);
    expect(
      findingsOf(
        "import { statisticsSubgraph } from '@registry/statistics';",
        'subgraphs/statistics/test/x.test.ts',
        statistics,
        BY_NAME,
      ).map((finding) => finding.problem),
    ).toEqual(['is @registry/statistics itself: a package imports its own modules by relative path']);
  });

  for (const manifest of PACKAGES) {
    it(`${manifest.name}: imports other packages only through their exports, and declares each`, () => {
      const findings = filesOf(manifest, PACKAGES).flatMap((file) =>
        findingsOf(readFileSync(join(ROOT, file), 'utf8'), file, manifest, BY_NAME),
      );
      expect(findings).toEqual([]);
    });
  }
});
