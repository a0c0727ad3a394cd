import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { anonymous, encodeViewerHeaders, Role } from '@registry/lib';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';

/**
 * The callers the scope promise is about, each as a gateway token and as the viewer the gateway
 * would sign for a subgraph, so an operation can be tried both ways.
 */
export interface Caller {
  readonly name: string;
  readonly viewer: Viewer;
  /** Undefined: anonymous. */
  readonly token: string | undefined;
}

const viewer = (
  subject: string,
  roles: Role[],
  organizationId: string | null,
  memberId: string | null = null,
): Viewer => ({
  subject,
  roles,
  organizationId,
  memberId,
  partnerId: null,
});

function caller(harness: StackHarness, name: string, of: Viewer): Caller {
  const claims = {
    sub: of.subject ?? '',
    roles: [...of.roles],
    ...(of.organizationId ? { org: of.organizationId } : {}),
    ...(of.memberId ? { member: of.memberId } : {}),
  };
  return { name, viewer: of, token: of.subject === null ? undefined : harness.token(claims) };
}

/** ORG_ADMIN and ANALYST of region A, a MEMBER, anonymous; and a central admin to prepare data. */
export function callersOf(harness: StackHarness, regionA: string) {
  return {
    orgAdminA: caller(harness, 'ORG_ADMIN of A', viewer('e2e-org-admin-a', [Role.ORG_ADMIN], regionA)),
    analystA: caller(harness, 'ANALYST of A', viewer('e2e-analyst-a', [Role.ANALYST], regionA)),
    member: caller(harness, 'MEMBER', viewer('e2e-member', [Role.MEMBER], null, randomUUID())),
    anonymous: caller(harness, 'anonymous', anonymous),
    central: caller(harness, 'CENTRAL_ADMIN', viewer('e2e-central', [Role.CENTRAL_ADMIN], null)),
  };
}

/** Through the gateway, as the caller. */
export const viaGateway = (
  harness: StackHarness,
  query: string,
  variables: Record<string, unknown>,
  who: Caller,
): Promise<GatewayResponse> => harness.post(query, variables, who.token ? { token: who.token } : {});

/** Straight at a subgraph's port, with the viewer header the gateway would sign (none for anonymous). */
export function viaSubgraph(
  harness: StackHarness,
  subgraph: string,
  query: string,
  variables: Record<string, unknown>,
  who: Caller,
): Promise<GatewayResponse> {
  const url = harness.stack.subgraphs.get(subgraph)?.url;
  if (!url) throw new Error(`${subgraph} subgraph is not running`);
  const headers =
    who.viewer.subject === null
      ? {}
      : encodeViewerHeaders(who.viewer, harness.security.internalSecret, {
          audience: subgraph,
          requestId: `e2e-${randomUUID()}`,
        });
  return harness.post(query, variables, { headers }, url);
}

export function ormOf(harness: StackHarness, subgraph: string): MikroORM {
  const orm = harness.stack.subgraphs.get(subgraph)?.orm;
  if (!orm) throw new Error(`${subgraph} subgraph is not running`);
  return orm;
}

/** Row count and an md5 of every row of each table: equal before and after means nothing was written. */
export async function digestOf(orm: MikroORM, tables: readonly string[]): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await orm.em
      .fork()
      .execute<{ digest: string }[]>(
        `select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`,
      );
    digest[table] = row?.digest ?? '';
  }
  return digest;
}

/** Distinct `extensions.code`s of a response's errors. */
export const codesOf = (response: GatewayResponse): unknown[] => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.['code'])),
];

/** The refusals a caller may get: FORBIDDEN, or UNAUTHENTICATED for one with no identity. */
export const REFUSED = [['FORBIDDEN'], ['UNAUTHENTICATED']];
