import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries between subgraphs (docs/architecture.md, "Reading across subgraphs"): a subgraph's
 * source names another subgraph's database objects only through that subgraph's contract
 * (`@registry/<owner>/contract`), and imports nothing of it but the contract and the package root.
 * Its own migrations and its own contract are where its schema's names belong; the migrations
 * also read other schemas' views (a function over `organizations.subtree_v1`), which is where
 * that SQL runs, not the reader's TypeScript.
 */
const ROOT = resolve(__dirname, '..');
const SUBGRAPHS = ['organizations', 'members', 'cards', 'statistics'] as const;

const filesUnder = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));

/** Every `schema.name` a subgraph's migrations create or use in its own schema: its tables, views, functions. */
function objectsOf(subgraph: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`\\b${subgraph}\\.([a-z_][a-z0-9_]*)`, 'g');
  for (const file of filesUnder(join(ROOT, 'subgraphs', subgraph, 'src', 'migrations'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

/** A problem found in one file: where and what. */
interface Finding {
  file: string;
  line: number;
  text: string;
}

/**
 * Schema-qualified names of another subgraph's objects in `source`: a name its migrations define,
 * or any versioned `_vN` name (a view published later). Comments count too: a comment naming a
 * view is where the next reader copies it from.
 */
function foreignNames(
  source: string,
  own: string,
  objects: ReadonlyMap<string, ReadonlySet<string>>,
): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  source.split('\n').forEach((text, index) => {
    for (const [schema, names] of objects) {
      if (schema === own) continue;
      for (const match of text.matchAll(new RegExp(`\\b${schema}\\.([a-z_][a-z0-9_]*)\\b`, 'g'))) {
        const name = match[1] ?? '';
        if (names.has(name) || /_v\d+$/.test(name)) found.push({ line: index + 1, text: match[0] });
      }
    }
  });
  return found;
}

/**
 * Imports of another package's internals in `source` (of a file at `file` inside `packageDir`):
 * `@registry/<subgraph>/…` other than `/contract`, and relative paths that leave the package.
 */
function foreignImports(
  source: string,
  file: string,
  own: string,
  packageDir: string,
): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  source.split('\n').forEach((text, index) => {
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)['"]([^'"]+)['"]/g)) {
      const specifier = match[1] ?? '';
      const workspace = /^@registry\/([a-z-]+)(\/.*)?$/.exec(specifier);
      if (workspace) {
        const [, name, rest] = workspace;
        if (name === own || !(SUBGRAPHS as readonly string[]).includes(name ?? '')) continue;
        if (rest === undefined || rest === '/contract') continue;
        found.push({ line: index + 1, text: specifier });
      } else if (
        specifier.startsWith('.') &&
        relative(packageDir, resolve(dirname(file), specifier)).startsWith('..')
      ) {
        found.push({ line: index + 1, text: specifier });
      }
    }
  });
  return found;
}

const OBJECTS = new Map(SUBGRAPHS.map((subgraph) => [subgraph, objectsOf(subgraph)]));

/** A subgraph's source outside its migrations and its contract. */
const sourcesOf = (subgraph: string): string[] => {
  const src = join(ROOT, 'subgraphs', subgraph, 'src');
  return filesUnder(src).filter((file) => !/^(migrations|contract)\//.test(relative(src, file).split('\\').join('/')));
};

describe('boundaries between subgraphs', () => {
  it('finds the published objects of every owner in its migrations', () => {
    expect(OBJECTS.get('organizations')).toContain('subtree_v1');
    expect(OBJECTS.get('members')).toContain('subtree_member_counts_v1');
    expect(OBJECTS.get('cards')).toContain('cards_in_use_v1');
  });

  it('catches a foreign name in SQL and in a comment, and a deep import, but not JavaScript that looks alike', () => {
    const sample = [
      'const sql = `select 1 from organizations.subtree_v1 s join members.member m on true`;',
      '/** Read from `cards.cards_in_use_v1`. */',
      'const active = members.active + cards.plastic + members.map.size;',
      "import { MembershipService } from '@registry/members/src/services/membership.service';",
      "import { MEMBER_V1 } from '@registry/members/contract';",
      "import { organizationsSubgraph } from '@registry/organizations';",
      "import { x } from '../../../members/src/x';",
    ].join('\n');
    expect(foreignNames(sample, 'statistics', OBJECTS).map((finding) => finding.text)).toEqual([
      'organizations.subtree_v1',
      'members.member',
      'cards.cards_in_use_v1',
    ]);
    const file = join(ROOT, 'subgraphs', 'statistics', 'src', 'services', 'x.ts');
    expect(
      foreignImports(sample, file, 'statistics', join(ROOT, 'subgraphs', 'statistics')).map((finding) => finding.text),
    ).toEqual(['@registry/members/src/services/membership.service', '../../../members/src/x']);
  });

  for (const subgraph of SUBGRAPHS) {
    it(`${subgraph}: names no other subgraph's database object and imports no other subgraph's internals`, () => {
      const packageDir = join(ROOT, 'subgraphs', subgraph);
      const findings: Finding[] = [];
      for (const file of sourcesOf(subgraph)) {
        const source = readFileSync(file, 'utf8');
        const where = relative(ROOT, file);
        for (const finding of [
          ...foreignNames(source, subgraph, OBJECTS),
          ...foreignImports(source, file, subgraph, packageDir),
        ])
          findings.push({ file: where, ...finding });
      }
      expect(findings, "use the owner's contract (@registry/<owner>/contract) instead").toEqual([]);
    });
  }
});
