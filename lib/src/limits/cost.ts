import type {
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Real fan-out of `children` at each level of the union's tree, rounded up so an estimate never
 * falls short of the answer: ~85 regional organizations under the central council, ~30
 * territorials per region, ~30 primaries per territorial (the seeded union has 85 / 2,550 /
 * 62,700). Primaries have no children.
 */
export const CHILDREN_FAN_OUT_BY_LEVEL: readonly number[] = [85, 30, 30, 0];
/** `children` of an organization whose level the query does not tell: the largest fan-out. */
export const UNKNOWN_CHILDREN_FAN_OUT = 85;
/** A list without `first`: the page size resolvers default to (lib/src/schema/connection.ts). */
export const DEFAULT_LIST_SIZE = 50;
/** Resolvers refuse a larger `first`, so a larger value cannot cost more than this. */
export const MAX_PAGE_SIZE = 500;
/**
 * Fields whose resolvers allow larger pages than `MAX_PAGE_SIZE`: their `first` counts up to
 * this, so a page of 5,000 table rows costs 5,000 × its selection's objects, not 500 ×.
 */
export const LARGE_PAGE_FIELDS: Readonly<Record<string, number>> = { coverageTable: 5_000 };

export interface CostOptions {
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Stop walking as soon as the cost passes this: the answer is already "too much", and a
   * document of fragments spread into each other cannot make the walk itself expensive.
   */
  readonly stopAbove?: number;
}

/** Where a selection stands in the union's tree: a level (0 = central council) or unknown. */
type Level = number | null;

interface Frame {
  readonly type: GraphQLCompositeType;
  readonly selectionSet: SelectionSetNode;
  /** How many times this selection set is resolved in the answer. */
  readonly multiplier: number;
  /** The level of the organization(s) this selection set is on, when the type is Organization. */
  readonly level: Level;
  /** `first` of a connection field above: the size of its `nodes` / `edges` lists. */
  readonly pageSize: number | null;
}

class CostExceeded extends Error {}

/**
 * The estimated number of objects an operation's answer holds: every field of an object type
 * counts once per object it returns, times how often its parent is repeated; scalars are free.
 * Lists count `first` where given (else the default page size), `children` counts the tree's real
 * fan-out at its level, and `_entities` counts one per representation (the gateway sends a whole
 * tree level as one batch: its size is what the gateway's own estimate already paid for).
 */
export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  options: CostOptions = {},
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const stopAbove = options.stopAbove ?? Number.POSITIVE_INFINITY;
  let cost = 0;
  const walk = (frame: Frame, visiting: ReadonlySet<string>): void => {
    for (const selection of frame.selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : frame.type;
        if (condition && isCompositeType(condition))
          walk({ ...frame, type: condition, selectionSet: selection.selectionSet }, visiting);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        // A cycle is a validation error reported elsewhere; here it only must not loop.
        if (!fragment || visiting.has(name)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (condition && isCompositeType(condition))
          walk({ ...frame, type: condition, selectionSet: fragment.selectionSet }, new Set([...visiting, name]));
        continue;
      }
      if (!selection.selectionSet) continue;
      const field = fieldOf(frame.type, selection.name.value);
      if (!field) continue;
      const fieldType = getNamedType(field.type);
      if (!isCompositeType(fieldType)) continue;
      const args = argumentsOf(selection.arguments ?? [], options.variables ?? {});
      const name = selection.name.value;
      const first =
        typeof args['first'] === 'number'
          ? Math.min(Math.max(args['first'], 0), LARGE_PAGE_FIELDS[name] ?? MAX_PAGE_SIZE)
          : null;
      const hasFirst = field.args.some((arg) => arg.name === 'first');
      const isList = isListType(getNullableType(field.type));
      let fanOut = 1;
      let level: Level = null;
      if (name === 'root') {
        level = 0;
      } else if (name === 'children' && isList) {
        fanOut = frame.level === null ? UNKNOWN_CHILDREN_FAN_OUT : (CHILDREN_FAN_OUT_BY_LEVEL[frame.level] ?? 0);
        level = frame.level === null ? null : frame.level + 1;
      } else if (name === 'parent') {
        level = frame.level === null || frame.level === 0 ? null : frame.level - 1;
      } else if (name === '_entities') {
        fanOut = 1;
      } else if (isList) {
        fanOut = first ?? frame.pageSize ?? DEFAULT_LIST_SIZE;
      }
      const multiplier = frame.multiplier * fanOut;
      cost += multiplier;
      if (cost > stopAbove) throw new CostExceeded();
      // A connection (`organizations(first: 500) { nodes { … } }`): its lists are the page.
      const pageSize = hasFirst && !isList ? (first ?? DEFAULT_LIST_SIZE) : null;
      walk({ type: fieldType, selectionSet: selection.selectionSet, multiplier, level, pageSize }, visiting);
    }
  };
  try {
    walk({ type: root, selectionSet: operation.selectionSet, multiplier: 1, level: null, pageSize: null }, new Set());
  } catch (error) {
    if (error instanceof CostExceeded) return cost;
    throw error;
  }
  return cost;
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function argumentsOf(
  nodes: readonly { name: { value: string }; value: ValueNode }[],
  variables: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const node of nodes) values[node.name.value] = valueFromASTUntyped(node.value, variables);
  return values;
}
