import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allows, CALLERS, MATRIX, Rule } from './matrix';

/**
 * Prints the access matrix into docs/security.md between its markers, from the same data the
 * matrix test walks; `--check` fails instead of writing when the document is stale.
 */
const DOCUMENT = join(__dirname, '..', '..', 'docs', 'security.md');
const BEGIN = '<!-- access-matrix:begin (npm run docs:security writes this table from tests/security/matrix.ts) -->';
const END = '<!-- access-matrix:end -->';

const RULES: Readonly<Record<Rule, string>> = {
  PUBLIC: 'anyone, signed in or not',
  PERSON: 'any signed-in person (not a partner key)',
  SELF: 'a member, on their own record',
  SELF_OR_MANAGE: 'the member themselves, or MANAGE over their organization',
  READ_FIGURES: 'READ_FIGURES over the organization',
  MANAGE: 'MANAGE over every organization it touches',
  CENTRAL: 'central admins only',
  PARTNER: "a partner's API key",
};

const mark = (rule: Rule, caller: (typeof CALLERS)[number]): string => {
  const inside = allows(rule, caller, 'inside');
  const outside = allows(rule, caller, 'outside');
  return inside && outside ? 'yes' : inside ? 'own subtree' : '—';
};

function table(): string {
  const header = `| operation | subgraph | rule | ${CALLERS.join(' | ')} |`;
  const divider = `| ${['---', '---', '---', ...CALLERS.map(() => '---')].join(' | ')} |`;
  const rows = MATRIX.map((row) => {
    const rule = `${RULES[row.rule]}${row.note ? ` (${row.note})` : ''}`;
    const ownRecord = row.rule === Rule.SELF || row.rule === Rule.SELF_OR_MANAGE;
    const marks = CALLERS.map((caller) => (ownRecord && caller === 'MEMBER' ? 'own record' : mark(row.rule, caller)));
    return `| \`${row.operation}\` | ${row.subgraph} | ${rule} | ${marks.join(' | ')} |`;
  });
  return [BEGIN, header, divider, ...rows, END].join('\n');
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const document = await readFile(DOCUMENT, 'utf8');
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`docs/security.md: expected the markers ${BEGIN} … ${END}`);
  const updated = `${document.slice(0, begin)}${table()}${document.slice(end + END.length)}`;
  if (updated === document) return;
  if (check) {
    console.error('docs/security.md: the access matrix is stale; run `npm run docs:security`');
    process.exit(1);
  }
  await writeFile(DOCUMENT, updated);
  console.log('docs/security.md: access matrix written');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
