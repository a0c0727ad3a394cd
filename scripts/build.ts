import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Options } from '@swc/core';
import { transformFile } from '@swc/core';

/**
 * `npm run build`: each service package's `src/` to JavaScript in its `dist/`, for plain `node`
 * in production (no compiler hook at run time). SWC, as in development (`@swc-node/register`)
 * and the tests (`unplugin-swc`): the same transform, decorator metadata included, which
 * type-graphql and MikroORM read. Type checking is `npm run typecheck`'s.
 *
 * Workspace packages name each other `@registry/<name>` and its entries (`@registry/lib/entry`),
 * whose package.json `exports` are TypeScript sources (development and vitest load them as they
 * are); the build rewrites those specifiers to the relative path of the same entry in the other
 * package's `dist/`, so production never reads `src/`. The development stack (`stack/`) and the
 * tests are not built: production runs neither.
 */
const ROOT = join(__dirname, '..');
const PACKAGES = [
  'lib',
  'subgraphs/organizations',
  'subgraphs/members',
  'subgraphs/cards',
  'subgraphs/statistics',
  'gateway',
];

const SWC: Options = {
  swcrc: false,
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
};

/** A built package: its folder and its package.json `exports` (subpath → the TypeScript source). */
interface BuiltPackage {
  readonly directory: string;
  readonly exports: ReadonlyMap<string, string>;
}

async function main(): Promise<void> {
  const started = Date.now();
  const packages = new Map<string, BuiltPackage>();
  for (const directory of PACKAGES) {
    const { name, exports } = manifestOf(directory, await readFile(join(ROOT, directory, 'package.json'), 'utf8'));
    packages.set(name, { directory: join(ROOT, directory), exports });
  }
  let files = 0;
  for (const directory of PACKAGES) {
    const source = join(ROOT, directory, 'src');
    const output = join(ROOT, directory, 'dist');
    await rm(output, { recursive: true, force: true });
    for (const file of await filesUnder(source)) {
      const target = join(output, relative(source, file));
      await mkdir(dirname(target), { recursive: true });
      files += 1;
      if (file.endsWith('.d.ts')) continue;
      if (!file.endsWith('.ts')) {
        await copyFile(file, target);
        continue;
      }
      const js = target.replace(/\.ts$/, '.js');
      const result = await transformFile(file, {
        ...SWC,
        filename: file,
        sourceFileName: relative(dirname(js), file),
        outputPath: js,
      });
      const code = rewriteWorkspaceImports(result.code, dirname(js), packages, file);
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split(sep).pop()}.map\n`);
      if (result.map) await writeFile(`${js}.map`, result.map);
    }
  }
  console.log(
    `built ${files} files of ${PACKAGES.length} packages into their dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** A package.json's name and its `exports`, each a `./src/….ts` file. */
function manifestOf(directory: string, text: string): { name: string; exports: Map<string, string> } {
  const manifest: unknown = JSON.parse(text);
  if (typeof manifest !== 'object' || manifest === null || !('name' in manifest) || typeof manifest.name !== 'string')
    throw new Error(`${directory}/package.json: expected a name`);
  if (!('exports' in manifest) || typeof manifest.exports !== 'object' || manifest.exports === null)
    throw new Error(`${directory}/package.json: expected an exports map`);
  const exports = new Map<string, string>();
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (subpath === './package.json') continue;
    if (typeof target !== 'string' || !/^\.\/src\/.+\.ts$/.test(target))
      throw new Error(
        `${directory}/package.json: expected exports["${subpath}"] to be a ./src/….ts file, got ${JSON.stringify(target)}`,
      );
    exports.set(subpath, target);
  }
  return { name: manifest.name, exports };
}

/**
 * `require("@registry/lib")` → `require("../../lib/dist/index.js")`, `require("@registry/lib/testing")`
 * → `…/lib/dist/testing.js`: each entry of the other package's `exports`, from its `src/` to its
 * `dist/`. A path the package does not export is refused, as Node would refuse it.
 */
function rewriteWorkspaceImports(
  code: string,
  fromDirectory: string,
  packages: ReadonlyMap<string, BuiltPackage>,
  file: string,
): string {
  return code.replace(/require\("(@registry\/[a-z-]+)((?:\/[\w.-]+)*)"\)/g, (_whole, name: string, subpath: string) => {
    const built = packages.get(name);
    if (!built) throw new Error(`${relative(ROOT, file)}: imports ${name}, which is not a built package`);
    const entry = built.exports.get(`.${subpath}`);
    if (!entry) throw new Error(`${relative(ROOT, file)}: imports ${name}${subpath}, which ${name} does not export`);
    const inside = entry.replace(/^\.\/src\//, '').replace(/\.ts$/, '.js');
    let path = relative(fromDirectory, join(built.directory, 'dist', inside))
      .split(sep)
      .join('/');
    if (!path.startsWith('.')) path = `./${path}`;
    return `require(${JSON.stringify(path)})`;
  });
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
