import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/** Where source lives: lib, every subgraph, the gateway, the development stack. */
function sourceFolders(): string[] {
  const subgraphs = readdirSync(join(ROOT, 'subgraphs')).map((name) => join('subgraphs', name, 'src'));
  return ['lib/src', 'gateway/src', 'stack/src', ...subgraphs]
    .map((folder) => join(ROOT, folder))
    .filter((folder) => readdirSync(join(folder, '..')).includes('src'));
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A process's entry: a subgraph's `server.ts`, a `main.ts`, a command-line tool under `cli/`. */
const isEntry = (path: string): boolean =>
  path.endsWith(`${sep}server.ts`) || path.endsWith(`${sep}main.ts`) || path.includes(`${sep}cli${sep}`);

/** Lines of code that read `process.env` (comments are prose; setting a variable for a library is not reading one). */
function environmentReads(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .filter((line) => /\bprocess\.env\b/.test(line))
    .filter((line) => !/^\s*process\.env\[['"][A-Z_]+['"]\]\s*=[^=]/.test(line));
}

describe('the environment', () => {
  it('is read only by the processes’ entries, which hand loadConfig(process.env) down', () => {
    const files = sourceFolders().flatMap(typeScriptFiles);
    expect(files.length).toBeGreaterThan(100);
    const readers = files
      .filter((path) => !isEntry(path))
      .flatMap((path) =>
        environmentReads(readFileSync(path, 'utf8')).map((line) => `${relative(ROOT, path)}: ${line.trim()}`),
      );
    expect(readers).toEqual([]);
  });

  it('is told apart from prose and from setting a variable for a library', () => {
    const source = [
      '// `process.env` in a comment',
      " * the entry's process.env",
      "process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';",
      "const url = process.env['REDIS_URL'];",
      'export function load(env = process.env) {}',
      "if (process.env['X'] === '1') {}",
    ].join('\n');
    expect(environmentReads(source)).toEqual([
      "const url = process.env['REDIS_URL'];",
      'export function load(env = process.env) {}',
      "if (process.env['X'] === '1') {}",
    ]);
  });
});
