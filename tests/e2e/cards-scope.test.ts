import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes, valueAt } from '../support/stack-harness';

// The demo union: region A is Moscow ("77"), region B the Moscow oblast ("50"). Every cards
// query and mutation is tried against B's cards, members, batches and organizations by viewers of
// A and by those with no reach there at all; each is refused and nothing is written.
let harness: StackHarness;

const gateway = (
  query: string,
  variables: Record<string, unknown> = {},
  auth: RequestAuth = {},
): Promise<GatewayResponse> => harness.post(query, variables, auth);
const central = (): RequestAuth => ({ token: harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] }) });

async function orgId(code: string): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('query ($code: String!) { organizationByCode(code: $code) { id } }', { code }),
    'organizationByCode',
  ).id;
}

let serial = 0;
async function admit(organizationId: string, lastName: string): Promise<string> {
  serial += 1;
  const input = {
    organizationId,
    lastName,
    firstName: 'Тест',
    birthDate: `1981-02-${String(serial).padStart(2, '0')}`,
    category: 'EMPLOYEE',
    consentVersion: '2026-01',
    bonusConsent: true,
  };
  return fieldOf<{ id: string }>(
    await gateway('mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }', { input }, central()),
    'admitMember',
  ).id;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const cards = harness.stack.subgraphs.get('cards');
  if (!cards) throw new Error('the stack has no cards subgraph');
  return cards.orm.em.fork().execute<T[]>(text, params);
}

/** One digest per table the cards subgraph writes on request: equal digests, nothing written. */
async function writes(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of [
    'union_card',
    'card_event',
    'production_batch',
    'bonus_participant',
    'purchase',
    'bonus_ledger',
    'partner',
  ]) {
    const [row] = await sql<{ digest: string }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from cards.${table} t`,
    );
    digests[table] = row?.digest ?? '';
  }
  return digests;
}

interface World {
  regionB: string;
  territorialB: string;
  /** Active in B with an issued plastic card and an ORDERED virtual one. */
  holderB: string;
  plasticB: { id: string; number: string };
  virtualB: string;
  batchB: string;
  /** Left the union, in B: a refusal must not tell that. */
  formerB: string;
  /** The member who signs in as MEMBER (in A). */
  memberA: string;
  regionA: string;
  partnerKey: string;
}
let world: World;

beforeAll(async () => {
  harness = await openStackHarness('cards_scope');
  const [regionA, regionB, territorialB, primaryA, primaryB] = [
    await orgId('77'),
    await orgId('50'),
    await orgId('50-001'),
    await orgId('77-001-0001'),
    await orgId('50-001-0001'),
  ];
  const [holderB, formerB, memberA] = [
    await admit(primaryB, 'Держатель'),
    await admit(primaryB, 'Выбывшая'),
    await admit(primaryA, 'Соседка'),
  ];
  const formerToken = harness.token({ sub: 'former', roles: [Role.MEMBER], member: formerB });
  fieldOf(
    await gateway('mutation { leaveUnion(reason: "переезд") { status } }', {}, { token: formerToken }),
    'leaveUnion',
  );

  const batch = fieldOf<{ id: string }>(
    await gateway('mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }', { o: territorialB }, central()),
    'orderCardBatch',
  );
  for (const step of [
    'exportCardBatch(batchId: $b)',
    'markBatchProduced(batchId: $b) { status }',
    'markBatchIssued(batchId: $b) { status }',
  ]) {
    const answer = await gateway(`mutation ($b: UUID!) { ${step} }`, { b: batch.id }, central());
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  }
  const [plasticB] = await sql<{ id: string; number: string }>(
    `select id, number from cards.union_card where member_id = ? and kind = 'PLASTIC'`,
    [holderB],
  );
  if (!plasticB) throw new Error('the holder in B got no plastic card');
  const virtualB = fieldOf<{ id: string }>(
    await gateway('mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id } }', { m: holderB }, central()),
    'issueVirtualCard',
  ).id;
  const { apiKey } = fieldOf<{ apiKey: string }>(
    await gateway(
      'mutation { createPartner(input: { name: "Книжный дом", category: "Книги", cashbackRateBp: 300, regions: [] }) { apiKey } }',
      {},
      central(),
    ),
    'createPartner',
  );
  world = {
    regionA,
    regionB,
    territorialB,
    holderB,
    plasticB,
    virtualB,
    batchB: batch.id,
    formerB,
    memberA,
    partnerKey: apiKey,
  };
});
afterAll(() => harness?.close());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Every cards entry point, aimed at B. */
const operations = (): { name: string; query: string; variables: Record<string, unknown>; field: string }[] => [
  {
    name: 'card',
    query: 'query ($id: UUID!) { card(id: $id) { number status } }',
    variables: { id: world.plasticB.id },
    field: 'card',
  },
  {
    name: 'card (unknown id)',
    query: 'query ($id: UUID!) { card(id: $id) { number } }',
    variables: { id: UNKNOWN },
    field: 'card',
  },
  {
    name: 'cardByNumber',
    query: 'query ($n: String!) { cardByNumber(number: $n) { id status } }',
    variables: { n: world.plasticB.number },
    field: 'cardByNumber',
  },
  {
    name: "member's cards",
    query:
      'query ($id: UUID!) { member(id: $id) { cards { number } activeCard { number } bonusAccount { balanceKopecks } } }',
    variables: { id: world.holderB },
    field: 'member',
  },
  {
    name: 'cardCounts',
    query: 'query ($c: String!) { organizationByCode(code: $c) { cardCounts { plastic } } }',
    variables: { c: '50' },
    field: 'organizationByCode.cardCounts',
  },
  {
    name: 'bonusFigures',
    query: 'query ($c: String!) { organizationByCode(code: $c) { bonusFigures { participants purchases } } }',
    variables: { c: '50-001' },
    field: 'organizationByCode.bonusFigures',
  },
  {
    name: 'productionBatch',
    query: 'query ($id: UUID!) { productionBatch(id: $id) { status cardCount } }',
    variables: { id: world.batchB },
    field: 'productionBatch',
  },
  {
    name: 'productionBatches',
    query: 'query ($o: UUID!) { productionBatches(organizationId: $o) { id } }',
    variables: { o: world.regionB },
    field: 'productionBatches',
  },
  {
    name: 'orderCardBatch',
    query: 'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
    variables: { o: world.regionB },
    field: 'orderCardBatch',
  },
  {
    name: 'orderCardBatch (unknown organization)',
    query: 'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
    variables: { o: UNKNOWN },
    field: 'orderCardBatch',
  },
  {
    name: 'exportCardBatch',
    query: 'mutation ($b: UUID!) { exportCardBatch(batchId: $b) }',
    variables: { b: world.batchB },
    field: 'exportCardBatch',
  },
  {
    name: 'markBatchProduced',
    query: 'mutation ($b: UUID!) { markBatchProduced(batchId: $b) { status } }',
    variables: { b: world.batchB },
    field: 'markBatchProduced',
  },
  {
    name: 'markBatchIssued',
    query: 'mutation ($b: UUID!) { markBatchIssued(batchId: $b) { status } }',
    variables: { b: world.batchB },
    field: 'markBatchIssued',
  },
  {
    name: 'issueVirtualCard',
    query: 'mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id } }',
    variables: { m: world.holderB },
    field: 'issueVirtualCard',
  },
  {
    name: 'issueVirtualCard (former member)',
    query: 'mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id } }',
    variables: { m: world.formerB },
    field: 'issueVirtualCard',
  },
  {
    name: 'activateVirtualCard',
    query: 'mutation ($c: UUID!) { activateVirtualCard(cardId: $c) { qrPayload } }',
    variables: { c: world.virtualB },
    field: 'activateVirtualCard',
  },
  {
    name: 'blockCard',
    query: 'mutation ($c: UUID!) { blockCard(cardId: $c) { status } }',
    variables: { c: world.plasticB.id },
    field: 'blockCard',
  },
  {
    name: 'unblockCard',
    query: 'mutation ($c: UUID!) { unblockCard(cardId: $c) { status } }',
    variables: { c: world.plasticB.id },
    field: 'unblockCard',
  },
  {
    name: 'reportCardLost',
    query: 'mutation ($c: UUID!) { reportCardLost(cardId: $c) { id } }',
    variables: { c: world.plasticB.id },
    field: 'reportCardLost',
  },
  {
    name: 'replaceCard',
    query: 'mutation ($c: UUID!) { replaceCard(cardId: $c) { id } }',
    variables: { c: world.plasticB.id },
    field: 'replaceCard',
  },
  {
    name: 'enrollInBonusProgram',
    query: 'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { balanceKopecks } }',
    variables: { m: world.holderB },
    field: 'enrollInBonusProgram',
  },
  {
    name: 'enrollInBonusProgram (former member)',
    query: 'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { balanceKopecks } }',
    variables: { m: world.formerB },
    field: 'enrollInBonusProgram',
  },
];

const viewers = (): { name: string; auth: () => RequestAuth }[] => [
  {
    name: 'ORG_ADMIN of A',
    auth: () => ({ token: harness.token({ sub: 'chair-a', roles: [Role.ORG_ADMIN], org: world.regionA }) }),
  },
  {
    name: 'ANALYST of A',
    auth: () => ({ token: harness.token({ sub: 'analyst-a', roles: [Role.ANALYST], org: world.regionA }) }),
  },
  {
    name: 'another MEMBER',
    auth: () => ({ token: harness.token({ sub: 'member-a', roles: [Role.MEMBER], member: world.memberA }) }),
  },
  { name: 'anonymous', auth: () => ({}) },
  { name: 'PARTNER', auth: () => ({ apiKey: world.partnerKey }) },
];

describe('cards: nothing of region B for viewers without reach there', () => {
  it('refuses every cards query and mutation aimed at B, telling nothing of what exists there, and writes nothing', async () => {
    const before = await writes();
    const leaks: string[] = [];
    for (const viewer of viewers()) {
      for (const operation of operations()) {
        const answer = await gateway(operation.query, operation.variables, viewer.auth());
        const codes = responseCodes(answer);
        const refused = codes.length > 0 && codes.every((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED');
        const value = valueAt(answer.data, operation.field);
        // The number, or its random serial (digits 7-15), would tell the card; four digits alone
        // turn up inside UUIDs by chance (the unknown-id probe is full of zeros).
        const text = JSON.stringify(answer);
        const told =
          (text.includes(world.plasticB.number) || text.includes(world.plasticB.number.slice(6, 15))) &&
          operation.name !== 'cardByNumber';
        if (!refused || (value !== null && value !== undefined) || told)
          leaks.push(`${viewer.name} / ${operation.name}: ${JSON.stringify(answer)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await writes()).toEqual(before);
  });

  it('still serves the same operations to a central admin (the matrix above is not refused for being malformed)', async () => {
    const counts = fieldOf<{ cardCounts: { plastic: number } }>(
      await gateway('{ organizationByCode(code: "50") { cardCounts { plastic } } }', {}, central()),
      'organizationByCode',
    );
    expect(counts.cardCounts.plastic).toBe(1);
    const card = fieldOf<{ number: string; status: string }>(
      await gateway('query ($id: UUID!) { card(id: $id) { number status } }', { id: world.plasticB.id }, central()),
      'card',
    );
    expect(card).toEqual({ number: world.plasticB.number, status: 'ISSUED' });
    expect(
      responseCodes(
        await gateway(
          'mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id } }',
          { m: world.formerB },
          central(),
        ),
      ),
    ).toEqual(['INVALID_STATE']);
    expect(
      responseCodes(
        await gateway('mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }', { o: UNKNOWN }, central()),
      ),
    ).toEqual(['NOT_FOUND']);
    const adminB = { token: harness.token({ sub: 'chair-b', roles: [Role.ORG_ADMIN], org: world.regionB }) };
    const batches = fieldOf<{ id: string }[]>(
      await gateway('query ($o: UUID!) { productionBatches(organizationId: $o) { id } }', { o: world.regionB }, adminB),
      'productionBatches',
    );
    expect(batches.map((batch) => batch.id)).toEqual([world.batchB]);
  });
});
