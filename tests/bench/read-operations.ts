import type { RunningStack } from '@registry/gateway';
import type { Viewer } from '@registry/lib';
import { encodeViewerHeaders } from '@registry/lib';
import { Pool } from 'pg';
import { countNodes, countPageMembers, MEMBERS_PAGE, Q1_ORGANIZATIONS_FETCH, Q1_STATISTICS_FETCH, coverageTree } from './queries';
import type { PostStep } from './http-jobs';

/** A read operation as the load generator posts it, and what to expect of it. */
export interface ReadOperation {
  id: string;
  title: string;
  levels: number | null;
  body: string;
  /** Unmeasured requests first: tree queries are slow enough to warm up in a few. */
  warmup: number;
  /** What the answer holds: organizations for trees, members for a page. */
  count(data: unknown): number;
}

/** Q1–Q4 for this database: Q4 reads the primary organization with the most active members (chosen by SQL). */
export async function readOperations(databaseUrl: string): Promise<ReadOperation[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const largest = await pool
    .query<{ code: string; members: number }>(
      `select o.code, count(*)::int as members
         from organizations.organization_v1 o join members.member_v1 m on m.organization_id = o.id and m.status = 'ACTIVE'
        where o.level = 'PRIMARY' group by o.code order by members desc, o.code limit 1`,
    )
    .finally(() => pool.end());
  const primary = largest.rows[0];
  if (!primary) throw new Error('Expected a primary organization with members');
  const body = (query: string, variables: Record<string, unknown> = {}): string => JSON.stringify({ query, variables });
  return [
    { id: 'Q1', title: 'coverage of the regions (root → children)', levels: 2, body: body(coverageTree(1)), warmup: 20, count: countNodes },
    { id: 'Q2', title: 'coverage down to territorial organizations (depth 3)', levels: 3, body: body(coverageTree(2)), warmup: 5, count: countNodes },
    { id: 'Q3', title: 'coverage of the full tree (depth 4)', levels: 4, body: body(coverageTree(3)), warmup: 2, count: countNodes },
    {
      id: 'Q4',
      title: `page of 50 members with active cards (${primary.code}, ${primary.members.toLocaleString('en')} members)`,
      levels: null,
      body: body(MEMBERS_PAGE, { code: primary.code }),
      warmup: 20,
      count: countPageMembers,
    },
  ];
}

/**
 * Q1 without the gateway: the two requests its query plan sends, straight to the subgraphs with
 * the signed viewer header the gateway would add. The regions' ids are read once, up front (the
 * plan's second request needs them).
 */
export async function directQ1Steps(stack: RunningStack, viewer: Viewer, internalSecret: string): Promise<PostStep[]> {
  const organizations = stack.subgraphs.get('organizations')?.url;
  const statistics = stack.subgraphs.get('statistics')?.url;
  if (!organizations || !statistics) throw new Error('Expected the organizations and statistics subgraphs to run');
  // Signed now: a viewer header is valid for one subgraph and a minute (VIEWER_HEADER_LIFETIME_SECONDS).
  const headersFor = (audience: string) => encodeViewerHeaders(viewer, internalSecret, { audience, requestId: 'bench-direct-q1' });
  const first: PostStep = { url: organizations, headers: headersFor('organizations'), body: JSON.stringify({ query: Q1_ORGANIZATIONS_FETCH }) };
  const response = await fetch(first.url, { method: 'POST', headers: { 'content-type': 'application/json', ...first.headers }, body: first.body });
  const answer = (await response.json()) as { data?: { root?: { children?: { __typename: string; id: string }[] } } };
  const representations = answer.data?.root?.children;
  if (!representations) throw new Error(`Expected the regions from the organizations subgraph, got ${JSON.stringify(answer).slice(0, 300)}`);
  return [first, { url: statistics, headers: headersFor('statistics'), body: JSON.stringify({ query: Q1_STATISTICS_FETCH, variables: { representations } }) }];
}
