/**
 * The read operations the benchmark measures (issue 6). Coverage asks for the three metric
 * families an analyst's overview shows: members against the report, primary organizations
 * against the report, and youth.
 */
const COVERAGE =
  'coverage { members { numerator denominator } organizations { primary { numerator denominator } } youth { numerator } }';

/**
 * The root and `levels` levels below it, each below the root with its coverage: 1 = the regions
 * (Q1), 2 = down to territorial organizations (Q2), 3 = the full tree down to primaries (Q3).
 */
export function coverageTree(levels: number, dates: { asOf: string; reportDate: string } | null = null): string {
  const coverage = dates
    ? COVERAGE.replace(/^coverage/, `coverage(asOf: "${dates.asOf}", reportDate: "${dates.reportDate}")`)
    : COVERAGE;
  let selection = `{ id ${coverage} }`;
  for (let level = 1; level < levels; level += 1) selection = `{ id ${coverage} children ${selection} }`;
  return `query CoverageTree { root { children ${selection} } }`;
}

/**
 * The flat table of a subtree's coverage (statistics' `coverageTable`), one page: the figures the
 * nested tree (Q3) asks for, for every organization, in keyset pages by registry code.
 */
export const COVERAGE_TABLE = `query CoverageTable($rootId: UUID!, $first: Int!, $after: String) {
  coverageTable(rootId: $rootId, first: $first, after: $after) {
    rows { id code level parentId depth members { numerator denominator } primaryOrganizations { numerator denominator } youth { numerator } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The next page's cursor in an answer to {@link COVERAGE_TABLE}, or null after the last page. */
export function nextTableCursor(value: unknown): string | null {
  const data = typeof value === 'object' && value !== null && 'data' in value ? value.data : null;
  const table = typeof data === 'object' && data !== null && 'coverageTable' in data ? data.coverageTable : null;
  const pageInfo = typeof table === 'object' && table !== null && 'pageInfo' in table ? table.pageInfo : null;
  if (typeof pageInfo !== 'object' || pageInfo === null || !('hasNextPage' in pageInfo) || !('endCursor' in pageInfo)) {
    throw new Error(`Expected coverageTable { pageInfo }, got ${JSON.stringify(value).slice(0, 300)}`);
  }
  return pageInfo.hasNextPage === true && typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : null;
}

/** Q4: a page of 50 members of one primary organization, with the card each has in use. */
export const MEMBERS_PAGE = `query MembersPage($code: String!) {
  organizationByCode(code: $code) { members(first: 50) { nodes { fullName activeCard { number status } } } }
}`;

/**
 * The two requests Apollo's query plan sends for Q1, posted straight to the subgraphs: the regions
 * from organizations, then one `_entities` batch of their coverage from statistics.
 */
export const Q1_ORGANIZATIONS_FETCH = '{ root { __typename id children { __typename id } } }';
export const Q1_STATISTICS_FETCH = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Organization { ${COVERAGE} } }
}`;

/** A trivial answer from the gateway's process: one HTTP round trip through the same client. */
export const HEALTH_PATH = '/health';

/** Counts the organizations in an answer to {@link coverageTree} (every object with an `id`). */
export function countNodes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((total: number, item: unknown) => total + countNodes(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const own = 'id' in value ? 1 : 0;
  return own + Object.values(value).reduce((total: number, item: unknown) => total + countNodes(item), 0);
}

/** Members in an answer to {@link MEMBERS_PAGE}. */
export function countPageMembers(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((total: number, item: unknown) => total + countPageMembers(item), 0);
  const data = typeof value === 'object' && value !== null && 'data' in value ? value.data : null;
  const organization =
    typeof data === 'object' && data !== null && 'organizationByCode' in data ? data.organizationByCode : null;
  const members =
    typeof organization === 'object' && organization !== null && 'members' in organization
      ? organization.members
      : null;
  const nodes = typeof members === 'object' && members !== null && 'nodes' in members ? members.nodes : null;
  return Array.isArray(nodes) ? nodes.length : 0;
}
