import type { DocumentNode, GraphQLInputType, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import {
  getNamedType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  Kind,
  print,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { isUuid } from './fields';
import { literalPath } from './control-characters';

/** A malformed id in a request: where it sits, the argument or input field that takes it, what came. */
export interface MalformedId {
  /** `ids`, `filter.memberId`, `$input.organizationId`, `$ids.2`. */
  readonly path: string;
  /** The argument or input field: `organizationId`, `ids`; the variable's name for a whole `$id`. */
  readonly field: string;
  readonly received: string;
}

const UUID_TYPE = 'UUID';
const takesUuid = (type: GraphQLInputType | null | undefined): boolean =>
  type !== null && type !== undefined && getNamedType(type).name === UUID_TYPE;

/**
 * The first id of the request that is not a UUID, in an inline literal or in a variable, found by
 * the schema's types: every position typed `UUID` (arguments, input fields, list items). The
 * gateway's schema knows the scalar only by name (composition carries no code), so the guards ask
 * here before a subgraph is called, and the answer names the position.
 */
export function malformedId(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): MalformedId | null {
  return malformedLiteral(schema, document) ?? malformedVariable(schema, operation, variables ?? {});
}

function malformedLiteral(schema: GraphQLSchema, document: DocumentNode): MalformedId | null {
  const typeInfo = new TypeInfo(schema);
  let found: MalformedId | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node, _key, parent, _path, ancestors) {
        if (found) return false;
        const literal =
          node.kind === Kind.STRING ||
          node.kind === Kind.INT ||
          node.kind === Kind.FLOAT ||
          node.kind === Kind.BOOLEAN ||
          node.kind === Kind.ENUM;
        if (!literal || !takesUuid(typeInfo.getInputType())) return undefined;
        if (node.kind === Kind.STRING && isUuid(node.value)) return undefined;
        const path = literalPath([...ancestors, parent]);
        found = { path, field: path.split('.').pop() ?? path, received: print(node) };
        return false;
      },
    }),
  );
  return found;
}

function malformedVariable(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): MalformedId | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type) || !(name in variables)) continue;
    const found = malformedValue(variables[name], type, `$${name}`, name, 0);
    if (found) return found;
  }
  return null;
}

function malformedValue(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  field: string,
  depth: number,
): MalformedId | null {
  // Input types nest only as deep as the schema allows; the bound keeps a crafted JSON from recursing without end.
  if (value === null || value === undefined || depth > 32) return null;
  if (isNonNullType(type)) return malformedValue(value, type.ofType, path, field, depth);
  if (isListType(type)) {
    // A single value where a list is expected is coerced as a list of one.
    if (!Array.isArray(value)) return malformedValue(value, type.ofType, path, field, depth + 1);
    for (const [index, item] of value.entries()) {
      const found = malformedValue(item, type.ofType, `${path}.${index}`, field, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    for (const [name, inputField] of Object.entries(type.getFields())) {
      if (!(name in value)) continue;
      const found = malformedValue(Reflect.get(value, name), inputField.type, `${path}.${name}`, name, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!takesUuid(type) || (typeof value === 'string' && isUuid(value))) return null;
  // JSON.stringify answers undefined for undefined, a function or a symbol (though its type says
  // string), and String() shows those three as they are.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-base-to-string -- see above
  return { path, field, received: JSON.stringify(value) ?? String(value) };
}
