/** Queries GraphiQL opens with, one tab each: what analysts and front-end developers ask first. */
export const EXAMPLE_QUERIES: readonly { title: string; query: string }[] = [
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
query Ranking($root: ID!) {
  ranking(parentId: $root, metric: MEMBERS_ON_RECORD) { place code name numerator denominator percent }
}`,
  },
];
