import type { ASTNode, DocumentNode, OperationDefinitionNode, TypeNode } from 'graphql';
import { Kind, visit } from 'graphql';

/**
 * C0 control characters other than tab, line feed and carriage return. No field of the registry
 * holds them, and PostgreSQL refuses a NUL in text outright (the driver's error then carried the
 * whole statement), so they are refused at the door, once for every argument of every subgraph.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export interface RefusedValue {
  /** Where the value sits: `code`, `filter.search`, `$input.members.2.email`. */
  readonly path: string;
  readonly reason: string;
}

const describeControl = (text: string): string | null => {
  const match = CONTROL.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `expected text without control characters (other than tab, line feed, carriage return), got U+${code} at position ${match.index}`;
};

/**
 * The first inline literal of the document a server should not take: a string with a control
 * character, or a number that does not fit a double (graphql-js reads `1e400` as Infinity, which
 * no Float can serialize, so it failed later as an internal error).
 */
export function refusedLiteral(document: DocumentNode): RefusedValue | null {
  let refused: RefusedValue | null = null;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (refused) return false;
      if (node.kind === Kind.STRING) {
        const reason = describeControl(node.value);
        if (reason) refused = { path: literalPath([...ancestors, parent]), reason };
      } else if (node.kind === Kind.FLOAT || node.kind === Kind.INT) {
        if (!Number.isFinite(Number(node.value)))
          refused = {
            path: literalPath([...ancestors, parent]),
            reason: `expected a finite number, got ${node.value}`,
          };
      }
      return undefined;
    },
  });
  return refused;
}

/** `filter.search` for a literal in `organizations(filter: { search: "…" })`. */
export function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[] | undefined)[]): string {
  const names: string[] = [];
  for (const ancestor of ancestors) {
    if (ancestor && 'kind' in ancestor && (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD))
      names.push(ancestor.name.value);
  }
  return names.join('.') || 'literal';
}

/**
 * The first variable value with a control character in a string, at any depth. `_Any` variables
 * (the gateway's entity representations) are skipped: they carry stored data, not a caller's input.
 */
export function refusedVariable(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): RefusedValue | null {
  if (!variables) return null;
  for (const definition of operation.variableDefinitions ?? []) {
    if (namedType(definition.type) === '_Any') continue;
    const name = definition.variable.name.value;
    const refused = refusedValue(variables[name], `$${name}`, 0);
    if (refused) return refused;
  }
  return null;
}

function refusedValue(value: unknown, path: string, depth: number): RefusedValue | null {
  if (typeof value === 'string') {
    const reason = describeControl(value);
    return reason ? { path, reason } : null;
  }
  // Input types nest only as deep as the schema allows; the bound keeps a crafted JSON from recursing without end.
  if (typeof value !== 'object' || value === null || depth > 32) return null;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const refused = refusedValue(item, `${path}.${key}`, depth + 1);
    if (refused) return refused;
  }
  return null;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
