/**
 * A variable of an example that names an organization: the page looks its id up (the tree is
 * public) before GraphiQL opens, because ids are generated per registry and no example can spell
 * one out. `'root'` is the central council.
 */
export interface OrganizationIdOf {
  idOf: 'root' | { code: string };
}

export interface ExampleTab {
  title: string;
  query: string;
  /** Shown in the Variables pane; an `OrganizationIdOf` becomes that organization's id. */
  variables?: Readonly<Record<string, string | number | boolean | OrganizationIdOf>>;
}

/** The region the examples open on: Moscow, present in every registry built from the federal subjects. */
const REGION = { code: '77' };

/** Queries GraphiQL opens with, one tab each: what analysts and front-end developers ask first. */
export const EXAMPLE_QUERIES: readonly ExampleTab[] = [
  {
    title: 'The tree',
    query: `# The union's tree: the central council, its regional organizations and their children.
query Tree {
  root {
    name
    descendantCounts { regional territorial primary }
    children {
      code
      name
      level
      children { code name level }
    }
  }
}`,
  },
  {
    title: 'Search',
    query: `# Organizations by name, code or INN, a page at a time (pass pageInfo.endCursor as "after").
query Search {
  organizations(filter: { search: "школа", level: PRIMARY }, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { code name primaryType ancestors { name } passport { completeness missing } }
  }
}`,
  },
  {
    title: 'Organization',
    query: `# One organization with its passport and history (history needs an admin token).
query Organization {
  organizationByCode(code: "77") {
    id
    name
    level
    depth
    chair { name phone email }
    passport { completeness filled missing }
    history { kind actor occurredAt data }
  }
}`,
  },
  {
    title: 'Coverage',
    query: `# Coverage of every region against the statistical report (needs an admin or analyst token).
query Coverage {
  root {
    coverage { reportDate members { numerator denominator ratio } cards { plastic { ratio } } }
    children {
      code
      name
      coverage { members { numerator denominator ratio } youth { ratio } organizations { primary { numerator denominator } } }
    }
  }
}`,
  },
  {
    title: 'Ranking',
    query: `# Regions ranked by members on the electronic record, as the union's progress tables print them.
query Ranking($root: UUID!) {
  ranking(parentId: $root, metric: MEMBERS_ON_RECORD) { place code name numerator denominator percent }
}`,
    variables: { root: { idOf: 'root' } },
  },
  {
    title: 'Above 90 %',
    query: `# The regions whose registry holds more than 90 % of the members their report states
# (the union's first colour band; try 80 and 70 for the next ones).
query RegionsAbove($root: UUID!, $threshold: Float!, $reportDate: LocalDate) {
  ranking(parentId: $root, metric: MEMBERS_ON_RECORD, threshold: $threshold, reportDate: $reportDate) {
    place code name numerator denominator percent
  }
}`,
    variables: { root: { idOf: 'root' }, threshold: 90, reportDate: '2026-01-01' },
  },
  {
    title: 'Card coverage',
    query: `# Plastic and virtual union cards and the bonus programme among the members on record,
# for the union and each region, and the regions ranked by plastic cards.
query CardCoverage($root: UUID!) {
  root {
    cardCounts { plastic virtual holders }
    coverage { cards { plastic { numerator denominator ratio } virtual { numerator denominator ratio } bonusParticipants { numerator ratio } } }
    children { code name coverage { cards { plastic { ratio } virtual { ratio } } } }
  }
  ranking(parentId: $root, metric: PLASTIC_CARDS) { place code name numerator denominator percent }
}`,
    variables: { root: { idOf: 'root' } },
  },
  {
    title: 'Report form',
    query: `# A region's 1-СП form for a report date, generated from the registry (a draft is regenerated
# on every run; submitReportForm(id) submits it). Needs an admin of the region or above.
mutation RegionReportForm($region: UUID!, $reportDate: LocalDate!) {
  generateReportForm(organizationId: $region, reportDate: $reportDate) {
    id formCode title reportDate status
    rows { key label value formula }
    missingChildren { code name }
  }
}`,
    variables: { region: { idOf: REGION }, reportDate: '2026-01-01' },
  },
  {
    title: 'Inbox',
    query: `# The chair's inbox: pending membership applications of the organizations you decide for,
# oldest first (approveApplication / rejectApplication decide them).
query Inbox {
  applicationInbox(first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id fullName category submittedAt organization { code name } matchedMember { id } }
  }
}`,
  },
];
