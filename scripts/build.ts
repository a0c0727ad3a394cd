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
 * Workspace packages name each other `@registry/<name>`, whose package.json `main` is the
 * TypeScript source (development and vitest load it as it is); the build rewrites those
 * specifiers to the relative path of the other package's `dist/`, so production never reads `src/`.
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

async function main(): Promise<void> {
  const started = Date.now();
  const directories = new Map<string, string>();
  for (const directory of PACKAGES) {
    const manifest: unknown = JSON.parse(await readFile(join(ROOT, directory, 'package.json'), 'utf8'));
    if (typeof manifest !== 'object' || manifest === null || !('name' in manifest) || typeof manifest.name !== 'string')
      throw new Error(`${directory}/package.json: expected a name`);
    directories.set(manifest.name, join(ROOT, directory));
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
      const code = rewriteWorkspaceImports(result.code, dirname(js), directories, file);
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split(sep).pop()}.map\n`);
      if (result.map) await writeFile(`${js}.map`, result.map);
    }
  }
  console.log(
    `built ${files} files of ${PACKAGES.length} packages into their dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * `require("@registry/lib")` → `require("../../lib/dist/index.js")`; `…/src/x` → `…/dist/x.js`;
 * `…/contract` (a subgraph's contract entry, its package.json `exports`) → `…/dist/contract/index.js`.
 */
function rewriteWorkspaceImports(
  code: string,
  fromDirectory: string,
  directories: ReadonlyMap<string, string>,
  file: string,
): string {
  return code.replace(
    /require\("(@registry\/[a-z-]+)((?:\/src\/[\w./-]+|\/contract)?)"\)/g,
    (_whole, name: string, deep: string) => {
      const directory = directories.get(name);
      if (!directory) throw new Error(`${relative(ROOT, file)}: imports ${name}, which is not a built package`);
      const inside =
        deep === '/contract' ? 'contract/index.js' : deep ? `${deep.replace(/^\/src\//, '')}.js` : 'index.js';
      let path = relative(fromDirectory, join(directory, 'dist', inside))
        .split(sep)
        .join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return `require(${JSON.stringify(path)})`;
    },
  );
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
