import type { RunningStack } from '@registry/stack';
import type { Viewer } from '@registry/lib';
import { encodeViewerHeaders } from '@registry/lib';
import { Pool } from 'pg';
import {
  COVERAGE_TABLE,
  countNodes,
  countPageMembers,
  MEMBERS_PAGE,
  nextTableCursor,
  Q1_ORGANIZATIONS_FETCH,
  Q1_STATISTICS_FETCH,
  coverageTree,
} from './queries';
import type { PostStep } from './http-jobs';

/** A read operation as the load generator posts it, and what to expect of it. */
export interface ReadOperation {
  id: string;
  title: string;
  levels: number | null;
  /** The requests of one operation, one after another (the pages of a table; one for the rest). */
  bodies: string[];
  /** Unmeasured requests first: tree queries are slow enough to warm up in a few. */
  warmup: number;
  /** What the answers hold: organizations for trees and tables, members for a page. */
  count(answers: unknown[]): number;
}

/** Our gateway, for the operations whose later requests depend on earlier answers (a table's cursors). */
export interface GatewayAccess {
  url: string;
  headers: Record<string, string>;
}

/** Each request of an operation as a step of a load job against `url`. */
export const stepsOf = (operation: ReadOperation, url: string, headers: Record<string, string>): PostStep[] =>
  operation.bodies.map((body) => ({ url, headers, body }));

/** Past dates the union reports on: members on 8 December of last year against this year's report. */
export function pastDates(now = new Date()): { asOf: string; reportDate: string } {
  const year = now.getUTCFullYear();
  return { asOf: `${year - 1}-12-08`, reportDate: `${year}-01-01` };
}

/**
 * Q1–Q4 for this database, and beside them Q1 on a past date and the flat coverage table (the
 * whole union in pages of 5,000, and its first page of 500). Q4 reads the primary organization
 * with the most active members (chosen by SQL); the table's cursors are read through the gateway
 * once, up front, so each measured request is the same as every time.
 */
export async function readOperations(databaseUrl: string, gateway: GatewayAccess): Promise<ReadOperation[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const [largest, root] = await Promise.all([
    pool.query<{ code: string; members: number }>(
      `select o.code, count(*)::int as members
         from organizations.organization_v1 o join members.member_v1 m on m.organization_id = o.id and m.status = 'ACTIVE'
        where o.level = 'PRIMARY' group by o.code order by members desc, o.code limit 1`,
    ),
    pool.query<{ id: string }>(
      `select id from organizations.organization_v1 where level = 'CENTRAL' and status = 'ACTIVE' order by code limit 1`,
    ),
  ]).finally(() => pool.end());
  const primary = largest.rows[0];
  const rootId = root.rows[0]?.id;
  if (!primary) throw new Error('Expected a primary organization with members');
  if (!rootId) throw new Error('Expected the central council');
  const body = (query: string, variables: Record<string, unknown> = {}): string => JSON.stringify({ query, variables });
  const past = pastDates();
  const wholeTable = await tablePages(gateway, rootId, 5000);
  return [
    {
      id: 'Q1',
      title: 'coverage of the regions (root → children)',
      levels: 2,
      bodies: [body(coverageTree(1))],
      warmup: 20,
      count: countNodes,
    },
    {
      id: 'Q1 past',
      title: `the same on ${past.asOf} against the report of ${past.reportDate}`,
      levels: 2,
      bodies: [body(coverageTree(1, past))],
      warmup: 20,
      count: countNodes,
    },
    {
      id: 'Q2',
      title: 'coverage down to territorial organizations (depth 3)',
      levels: 3,
      bodies: [body(coverageTree(2))],
      warmup: 5,
      count: countNodes,
    },
    {
      id: 'Q3',
      title: 'coverage of the full tree (depth 4)',
      levels: 4,
      bodies: [body(coverageTree(3))],
      warmup: 2,
      count: countNodes,
    },
    {
      id: 'Q3 table',
      title: `coverageTable of the whole union, ${wholeTable.length} page(s) of up to 5,000 rows`,
      levels: null,
      bodies: wholeTable,
      warmup: 2,
      count: countNodes,
    },
    {
      id: 'Q3 page',
      title: 'coverageTable, the first page of 500 rows',
      levels: null,
      bodies: [body(COVERAGE_TABLE, { rootId, first: 500 })],
      warmup: 20,
      count: countNodes,
    },
    {
      id: 'Q4',
      title: `page of 50 members with active cards (${primary.code}, ${primary.members.toLocaleString('en')} members)`,
      levels: null,
      bodies: [body(MEMBERS_PAGE, { code: primary.code })],
      warmup: 20,
      count: countPageMembers,
    },
  ];
}

/** The request of every page of the table, each with the cursor the previous page ended on. */
async function tablePages(gateway: GatewayAccess, rootId: string, first: number): Promise<string[]> {
  const bodies: string[] = [];
  let after: string | null = null;
  do {
    const body: string = JSON.stringify({ query: COVERAGE_TABLE, variables: { rootId, first, after } });
    bodies.push(body);
    const response: Response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gateway.headers },
      body,
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors":'))
      throw new Error(`coverageTable: HTTP ${response.status}: ${text.slice(0, 300)}`);
    after = nextTableCursor(JSON.parse(text));
  } while (after !== null);
  return bodies;
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
  const headersFor = (audience: string) =>
    encodeViewerHeaders(viewer, internalSecret, { audience, requestId: 'bench-direct-q1' });
  const first: PostStep = {
    url: organizations,
    headers: headersFor('organizations'),
    body: JSON.stringify({ query: Q1_ORGANIZATIONS_FETCH }),
  };
  const response = await fetch(first.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...first.headers },
    body: first.body,
  });
  const answer = (await response.json()) as { data?: { root?: { children?: { __typename: string; id: string }[] } } };
  const representations = answer.data?.root?.children;
  if (!representations)
    throw new Error(
      `Expected the regions from the organizations subgraph, got ${JSON.stringify(answer).slice(0, 300)}`,
    );
  return [
    first,
    {
      url: statistics,
      headers: headersFor('statistics'),
      body: JSON.stringify({ query: Q1_STATISTICS_FETCH, variables: { representations } }),
    },
  ];
}
