import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeSchemas } from './compose';

/**
 * `npm run schema:write` regenerates `schema/`; `npm run schema:check` fails when the committed
 * files differ from what the code produces, so the gateway never serves a stale supergraph.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const directory = join(__dirname, '..', '..', '..', 'schema');
  const { files } = await composeSchemas();
  const stale: string[] = [];
  for (const [name, content] of files) {
    const path = join(directory, name);
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === content) continue;
    if (check) stale.push(name);
    else await writeFile(path, content);
  }
  if (stale.length > 0) {
    console.error(
      `schema/ is stale: ${stale.join(', ')} differ from the code. Run \`npm run schema:write\` and commit.`,
    );
    process.exit(1);
  }
  console.log(check ? `schema/ is up to date (${files.size} files)` : `schema/ written (${files.size} files)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
