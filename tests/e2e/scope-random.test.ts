import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pick, seeded } from '../generator/random';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * The promise of the scope model, tried at random: over the demo union's tree (several regions,
 * each with territorial and primary organizations), callers at random places and roles ask for
 * records and figures of targets at random places. Each answer must be a refusal exactly when
 * the target lies outside the caller's subtree (or the role has no such ability), and a refused
 * write must leave the record as it was.
 */

interface Node {
  readonly id: string;
  readonly code: string;
  readonly parentId: string | null;
  readonly level: string;
}

/** What an operation needs: figures (aggregates) or records (personal data, changes). */
type Need = 'FIGURES' | 'RECORDS';

interface Operation {
  readonly name: string;
  readonly need: Need;
  /** The target is an organization, or a member (then the member's organization is what counts). */
  readonly on: 'organization' | 'member';
  readonly query: string;
  /** Whether the answer carried the data (for an allowed call). */
  readonly answered: (response: GatewayResponse) => boolean;
}

const hasData = (path: (data: Record<string, unknown>) => unknown) => (response: GatewayResponse) =>
  response.data !== null &&
  response.data !== undefined &&
  path(response.data) !== null &&
  path(response.data) !== undefined;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const field = (data: Record<string, unknown>, ...keys: string[]): unknown =>
  keys.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), data);

const OPERATIONS: readonly Operation[] = [
  {
    name: 'member',
    need: 'RECORDS',
    on: 'member',
    query: 'query ($id: UUID!) { member(id: $id) { id snils lastName } }',
    answered: hasData((d) => field(d, 'member', 'id')),
  },
  {
    name: 'organization.members',
    need: 'RECORDS',
    on: 'organization',
    query:
      'query ($id: UUID!) { organization(id: $id) { members(first: 5) { totalCount edges { node { lastName } } } } }',
    answered: hasData((d) => field(d, 'organization', 'members')),
  },
  {
    name: 'organization.history',
    need: 'RECORDS',
    on: 'organization',
    query: 'query ($id: UUID!) { organization(id: $id) { history { __typename } } }',
    answered: hasData((d) => field(d, 'organization', 'history')),
  },
  {
    name: 'possibleDuplicates',
    need: 'RECORDS',
    on: 'organization',
    query: 'query ($id: UUID!) { possibleDuplicates(organizationId: $id) { reason } }',
    answered: hasData((d) => field(d, 'possibleDuplicates')),
  },
  {
    name: 'organization.memberCounts',
    need: 'FIGURES',
    on: 'organization',
    query: 'query ($id: UUID!) { organization(id: $id) { memberCounts { active } } }',
    answered: hasData((d) => field(d, 'organization', 'memberCounts', 'active')),
  },
  {
    name: 'organization.coverage',
    need: 'FIGURES',
    on: 'organization',
    query: 'query ($id: UUID!) { organization(id: $id) { coverage { members { numerator } } } }',
    answered: hasData((d) => field(d, 'organization', 'coverage', 'members')),
  },
  {
    name: 'organization.cardCounts',
    need: 'FIGURES',
    on: 'organization',
    query: 'query ($id: UUID!) { organization(id: $id) { cardCounts { plastic } } }',
    answered: hasData((d) => field(d, 'organization', 'cardCounts')),
  },
  {
    name: 'ranking',
    need: 'FIGURES',
    on: 'organization',
    query: 'query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD) { code } }',
    answered: hasData((d) => field(d, 'ranking')),
  },
];

/** A refused write: the position it would have set must not be stored. */
const UPDATE =
  'mutation ($id: UUID!, $position: String!) { updateMember(id: $id, input: { position: $position }) { id position } }';

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
const PAIRS = 1_000;
const REGIONS = ['77', '78', '16', '54', '66'];
const LAST_NAMES = [
  'Иванова',
  'Петрова',
  'Сидорова',
  'Кузнецова',
  'Смирнова',
  'Попова',
  'Волкова',
  'Зайцева',
  'Соколова',
  'Орлова',
  'Лебедева',
];
const FIRST_NAMES = ['Анна', 'Мария', 'Ольга', 'Елена', 'Ирина', 'Наталья', 'Татьяна'];

let harness: StackHarness;
let nodes: Node[];
const members: { id: string; organizationId: string }[] = [];
const byId = new Map<string, Node>();

beforeAll(async () => {
  harness = await openStackHarness('scope_random');
  const organizations = harness.stack.subgraphs.get('organizations');
  if (!organizations) throw new Error('Expected the organizations subgraph in the stack');
  const rows = await organizations.orm.em
    .fork()
    .execute<{ id: string; code: string; parent_id: string | null; level: string }[]>(
      'select id, code, parent_id, level from organizations.organization_v1',
    );
  const all = rows.map((row) => ({ id: row.id, code: row.code, parentId: row.parent_id, level: row.level }));
  for (const node of all) byId.set(node.id, node);
  nodes = all.filter(
    (node) =>
      node.level === 'CENTRAL' || REGIONS.some((region) => node.code === region || node.code.startsWith(`${region}-`)),
  );
  const central = harness.token({ sub: 'random-central', roles: [Role.CENTRAL_ADMIN] });
  const primaries = nodes.filter((node) => node.level === 'PRIMARY');
  let serial = 0;
  for (const primary of primaries) {
    serial += 1;
    const admitted = await harness.post(
      'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }',
      {
        input: {
          organizationId: primary.id,
          lastName: LAST_NAMES[serial % LAST_NAMES.length],
          firstName: FIRST_NAMES[Math.floor(serial / LAST_NAMES.length) % FIRST_NAMES.length],
          birthDate: `19${70 + (serial % 25)}-0${1 + (serial % 9)}-1${serial % 9}`,
          category: 'EMPLOYEE',
          consentVersion: '2026-01',
          position: 'учитель',
        },
      },
      { token: central },
    );
    members.push({ id: fieldOf<{ id: string }>(admitted, 'admitMember').id, organizationId: primary.id });
  }
}, 120_000);
afterAll(() => harness?.close());

/** Whether `id` is `rootId` or below it, from the tree read at the start. */
function within(rootId: string, id: string): boolean {
  for (let node = byId.get(id); node; node = node.parentId ? byId.get(node.parentId) : undefined)
    if (node.id === rootId) return true;
  return false;
}

function ancestorsOf(id: string): Node[] {
  const chain: Node[] = [];
  for (let node = byId.get(id); node; node = node.parentId ? byId.get(node.parentId) : undefined) chain.push(node);
  return chain;
}

interface Caller {
  readonly label: string;
  readonly token: string | null;
  readonly reaches: (need: Need, organizationId: string) => boolean;
}

function randomCaller(random: () => number, index: number, targetOrganizationId: string): Caller {
  const kind = pick(random, ['ORG_ADMIN', 'ORG_ADMIN', 'ANALYST', 'ANALYST', 'MEMBER', 'ANONYMOUS'] as const);
  if (kind === 'ANONYMOUS') return { label: 'anonymous', token: null, reaches: () => false };
  if (kind === 'MEMBER') {
    const self = pick(random, members);
    return {
      label: `member ${self.id}`,
      token: harness.token({ sub: `random-member-${index}`, roles: [Role.MEMBER], member: self.id }),
      // A member's own paths are `me` and `updateMyContacts`; none of the operations tried here.
      reaches: () => false,
    };
  }
  // Half the callers sit above the target (or on it), so answers are tried as often as refusals.
  const home = random() < 0.5 ? pick(random, ancestorsOf(targetOrganizationId)) : pick(random, nodes);
  return {
    label: `${kind} of ${home.code}`,
    token: harness.token({ sub: `random-${kind}-${index}`, roles: [Role[kind]], org: home.id }),
    reaches: (need, organizationId) => (kind === 'ORG_ADMIN' || need === 'FIGURES') && within(home.id, organizationId),
  };
}

describe('scope, at random', () => {
  it(`refuses exactly the ${PAIRS} (caller, target) pairs outside the caller's reach, and writes nothing when it refuses`, async () => {
    const random = seeded(20261201);
    const mismatches: string[] = [];
    let allowed = 0;
    let refused = 0;
    for (let index = 0; index < PAIRS; index += 1) {
      const write = random() < 0.2;
      const target = pick(random, members);
      const organization = pick(random, nodes);
      const operation = pick(random, OPERATIONS);
      const [organizationId, memberId] =
        write || operation.on === 'member' ? [target.organizationId, target.id] : [organization.id, null];
      const caller = randomCaller(random, index, organizationId);
      const auth = caller.token ? { token: caller.token } : {};
      const expectAllowed = caller.reaches(write ? 'RECORDS' : operation.need, organizationId);
      const label = write ? 'updateMember' : operation.name;
      const response = write
        ? await harness.post(UPDATE, { id: target.id, position: `позиция ${index}` }, auth)
        : await harness.post(operation.query, { id: memberId ?? organizationId }, auth);
      const codes = responseCodes(response);
      // A request the schema refuses tries nothing: that is a mistake of this test, not a pass.
      if (codes.includes('GRAPHQL_VALIDATION_FAILED'))
        throw new Error(`${label}: invalid request ${JSON.stringify(response.errors)}`);
      const wasRefused = codes.some((code) => typeof code === 'string' && REFUSALS.has(code));
      if (wasRefused) refused += 1;
      else allowed += 1;
      const outcomeRight = write
        ? expectAllowed
          ? !wasRefused && fieldOf<{ position: string }>(response, 'updateMember').position === `позиция ${index}`
          : wasRefused
        : expectAllowed
          ? !wasRefused && operation.answered(response)
          : wasRefused;
      if (!outcomeRight)
        mismatches.push(
          `${caller.label} → ${label} on ${byId.get(organizationId)?.code ?? organizationId}: expected ${expectAllowed ? 'an answer' : 'a refusal'}, got ${JSON.stringify(response.errors ?? response.data)}`,
        );
      if (write && !expectAllowed) {
        const stored = await harness.post(
          'query ($id: UUID!) { member(id: $id) { position } }',
          { id: target.id },
          { token: harness.token({ sub: 'random-check', roles: [Role.CENTRAL_ADMIN] }) },
        );
        if (fieldOf<{ position: string | null }>(stored, 'member').position === `позиция ${index}`)
          mismatches.push(`${caller.label} wrote member ${target.id} although refused`);
      }
    }
    expect({ mismatched: mismatches.length, first: mismatches.slice(0, 10) }).toEqual({ mismatched: 0, first: [] });
    // Both sides of the promise were tried, many times each.
    expect(allowed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  }, 180_000);
});
