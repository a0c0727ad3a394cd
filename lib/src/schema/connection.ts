import type { ClassType } from 'type-graphql';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { isUuid } from '../validation/fields';

/** Shared by every subgraph's connections, hence shareable: each resolves it identically. */
@ObjectType({ description: 'Relay-style page information' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor!: string | null;
}

export interface ConnectionShape<TNode> {
  nodes: TNode[];
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * A cursor connection type for `node`: `nodes` for clients that need no cursors, `edges` for
 * those that do, and the total count of matches. One class per node type, named `<Node>Connection`.
 */
export function Connection<TNode extends object>(node: ClassType<TNode>) {
  @ObjectType(`${node.name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: TNode;
  }

  // Not emitted itself: subclasses such as `OrganizationConnection` name the type.
  @ObjectType()
  abstract class ConnectionType implements ConnectionShape<TNode> {
    @Field(() => [node])
    nodes!: TNode[];

    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Matches of the filter across all pages' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Opaque keyset cursor: the sort key of the last row seen. */
export const encodeCursor = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * What one position of a cursor must hold. A cursor is only base64 JSON, so a caller can forge
 * one: each position is checked for the type its SQL parameter has (a `uuid` column given "x"
 * failed in PostgreSQL with the statement in the message).
 */
export type CursorPart = 'string' | 'number' | 'uuid' | ((part: string | number) => boolean);

const cursorPartMatches = (part: string | number, expected: CursorPart): boolean => {
  if (expected === 'string') return typeof part === 'string';
  if (expected === 'number') return typeof part === 'number' && Number.isFinite(part);
  if (expected === 'uuid') return typeof part === 'string' && isUuid(part);
  return expected(part);
};

/** The key a cursor holds, checked against its shape: one `CursorPart` per position (a count checks only the length). */
export function decodeCursor(cursor: string, shape: number | readonly CursorPart[]): (string | number)[] {
  const parts: readonly CursorPart[] | null = typeof shape === 'number' ? null : shape;
  const arity = parts ? parts.length : shape;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part, index): part is string | number => (typeof part === 'string' || typeof part === 'number') && (!parts?.[index] || cursorPartMatches(part, parts[index])))
    ) {
      return key;
    }
  } catch {
    // falls through to the typed error below
  }
  throw new DomainError(ErrorCode.INVALID_CURSOR, `after: expected a cursor returned by this API, got ${JSON.stringify(cursor)}`, {
    field: 'after',
  });
}

/** Page size bounds: clients get what they ask up to a cap, so no query reads the whole registry at once. */
export function pageSize(first: number | null | undefined, { fallback = 50, max = 500 } = {}): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `first: expected an integer from 1 to ${max}, got ${size}`, { field: 'first' });
  }
  return size;
}

export function toConnection<TNode>(rows: TNode[], size: number, keyOf: (node: TNode) => (string | number)[], totalCount: number) {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  const last = edges.at(-1);
  return { nodes, edges, totalCount, pageInfo: { hasNextPage: rows.length > size, endCursor: last ? last.cursor : null } };
}
