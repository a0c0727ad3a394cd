import type { MikroORM } from '@mikro-orm/postgresql';
import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
let cardsOrm: MikroORM;
beforeAll(async () => {
  harness = await openStackHarness('bonus_workflows');
  const cards = harness.stack.subgraphs.get('cards');
  if (!cards) throw new Error('the stack has no cards subgraph');
  cardsOrm = cards.orm;
});
afterAll(() => harness?.close());

const gateway = (query: string, variables: Record<string, unknown>, auth: RequestAuth = {}): Promise<GatewayResponse> =>
  harness.post(query, variables, auth);
const central = (): RequestAuth => ({ token: harness.token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] }) });
const sql = <T extends object>(text: string, parameters: unknown[] = []): Promise<T[]> =>
  cardsOrm.em.fork().execute<T[]>(text, parameters);
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function orgId(code: string): Promise<string> {
  return fieldOf<{ id: string }>(
    await gateway('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }, central()),
    'organizationByCode',
  ).id;
}

/** A fresh organization (the demo's are full of members and cards): under `parentCode`, with the level its code implies. */
async function newOrg(code: string, parentCode: string): Promise<string> {
  const level = code.split('-').length === 2 ? 'TERRITORIAL' : 'PRIMARY';
  const input = {
    parentId: await orgId(parentCode),
    code,
    name: `Организация ${code}`,
    level,
    ...(level === 'PRIMARY' ? { primaryType: 'SCHOOL' } : {}),
  };
  return fieldOf<{ id: string }>(
    await gateway(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      { input },
      central(),
    ),
    'createOrganization',
  ).id;
}

let people = 0;
async function admit(organizationId: string, extra: Record<string, unknown> = {}): Promise<string> {
  people += 1;
  const input = {
    organizationId,
    lastName: 'Бонусова',
    firstName: `Вера${'а'.repeat(people)}`,
    birthDate: `1980-03-${String(people).padStart(2, '0')}`,
    category: 'EMPLOYEE',
    consentVersion: '2026-01',
    bonusConsent: true,
    ...extra,
  };
  return fieldOf<{ id: string }>(
    await gateway('mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }', { input }, central()),
    'admitMember',
  ).id;
}

async function issuePlastic(organizationId: string): Promise<void> {
  const batch = fieldOf<{ id: string }>(
    await gateway(
      'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
      { o: organizationId },
      central(),
    ),
    'orderCardBatch',
  );
  for (const step of [
    'exportCardBatch(batchId: $b)',
    'markBatchProduced(batchId: $b) { status }',
    'markBatchIssued(batchId: $b) { status }',
  ]) {
    const response = await gateway(`mutation ($b: UUID!) { ${step} }`, { b: batch.id }, central());
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
}

async function activeVirtualCard(memberId: string): Promise<{ id: string; number: string }> {
  const card = fieldOf<{ id: string; number: string }>(
    await gateway('mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id number } }', { m: memberId }, central()),
    'issueVirtualCard',
  );
  fieldOf(
    await gateway('mutation ($c: UUID!) { activateVirtualCard(cardId: $c) { qrPayload } }', { c: card.id }, central()),
    'activateVirtualCard',
  );
  return card;
}

async function enroll(memberId: string): Promise<void> {
  fieldOf(
    await gateway(
      'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { balanceKopecks } }',
      { m: memberId },
      central(),
    ),
    'enrollInBonusProgram',
  );
}

async function newPartner(name: string): Promise<string> {
  return fieldOf<{ apiKey: string }>(
    await gateway(
      'mutation ($n: String!) { createPartner(input: { name: $n, category: "Книги", cashbackRateBp: 500, regions: ["77"] }) { apiKey } }',
      { n: name },
      central(),
    ),
    'createPartner',
  ).apiKey;
}

/** Moves a card's periods of use back in time: the history a card issued today would have had. */
async function backdateCard(cardId: string, from: string, to: string | null = null): Promise<void> {
  await sql(
    'update cards.card_in_use_period set valid_from = ?::date, valid_to = coalesce(?::date, valid_to) where card_id = ?',
    [from, to, cardId],
  );
}

interface Row {
  code: string;
  numerator: number;
  denominator: number | null;
}

describe('card history: figures on a past date', () => {
  it('counts cards issued today as 0 on a past date, counted after issue, and a card lost in between not after its loss — coverage and ranking alike', async () => {
    const territorial = await newOrg('77-090', '77');
    const school = await newOrg('77-090-0001', '77-090');
    // Members since 2020, so only the cards differ between the dates below.
    const anna = await admit(school, { joinedOn: '2020-01-15' });
    const boris = await admit(school, { joinedOn: '2020-01-15' });
    await issuePlastic(school);

    const figures = async (
      asOf: string,
    ): Promise<{ coverage: { numerator: number; denominator: number | null }; ranking: Row | undefined }> => {
      const coverage = fieldOf<{
        coverage: { cards: { plastic: { numerator: number; denominator: number | null } } | null };
      }>(
        await gateway(
          'query ($c: String!, $d: LocalDate) { organizationByCode(code: $c) { coverage(asOf: $d) { cards { plastic { numerator denominator } } } } }',
          { c: '77-090-0001', d: asOf },
          central(),
        ),
        'organizationByCode',
      ).coverage.cards;
      const ranking = fieldOf<Row[]>(
        await gateway(
          'query ($p: UUID!, $d: LocalDate) { ranking(parentId: $p, metric: PLASTIC_CARDS, asOf: $d) { code numerator denominator } }',
          { p: territorial, d: asOf },
          central(),
        ),
        'ranking',
      );
      return {
        coverage: coverage?.plastic ?? { numerator: -1, denominator: null },
        ranking: ranking.find((row) => row.code === '77-090-0001'),
      };
    };

    // Issued today: nobody held one on 2020-06-01; today both do.
    expect(await figures('2020-06-01')).toEqual({
      coverage: { numerator: 0, denominator: 2 },
      ranking: { code: '77-090-0001', numerator: 0, denominator: 2 },
    });
    expect(await figures(daysAgo(0))).toEqual({
      coverage: { numerator: 2, denominator: 2 },
      ranking: { code: '77-090-0001', numerator: 2, denominator: 2 },
    });

    // Boris loses his card: the trigger closes its period today, in the same transaction.
    const [borisCard] = await sql<{ id: string }>(
      `select id from cards.union_card where member_id = ? and kind = 'PLASTIC' and status = 'ISSUED'`,
      [boris],
    );
    const [annaCard] = await sql<{ id: string }>(
      `select id from cards.union_card where member_id = ? and kind = 'PLASTIC' and status = 'ISSUED'`,
      [anna],
    );
    if (!borisCard || !annaCard) throw new Error('expected issued plastic cards');
    fieldOf(
      await gateway(
        'mutation ($c: UUID!) { reportCardLost(cardId: $c, reason: "потеряна") { id } }',
        { c: borisCard.id },
        central(),
      ),
      'reportCardLost',
    );
    const periods = await sql<{ validFrom: string; validTo: string | null }>(
      `select to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo" from cards.card_in_use_period where card_id = ?`,
      [borisCard.id],
    );
    expect(periods).toEqual([{ validFrom: daysAgo(0), validTo: daysAgo(0) }]);
    expect((await figures(daysAgo(0))).coverage).toEqual({ numerator: 1, denominator: 2 });

    // The same history, years earlier: both cards from 2021-01-10, Boris's lost on 2022-03-01.
    await backdateCard(annaCard.id, '2021-01-10');
    await backdateCard(borisCard.id, '2021-01-10', '2022-03-01');
    expect(await figures('2020-06-01')).toEqual({
      coverage: { numerator: 0, denominator: 2 },
      ranking: { code: '77-090-0001', numerator: 0, denominator: 2 },
    });
    expect(await figures('2021-06-01')).toEqual({
      coverage: { numerator: 2, denominator: 2 },
      ranking: { code: '77-090-0001', numerator: 2, denominator: 2 },
    });
    expect(await figures('2023-01-01')).toEqual({
      coverage: { numerator: 1, denominator: 2 },
      ranking: { code: '77-090-0001', numerator: 1, denominator: 2 },
    });
  });
});

const REPORT = 'mutation ($input: ReportPurchaseInput!) { reportPurchase(input: $input) { id cashbackKopecks } }';

describe('bonus eligibility on the purchase’s day', () => {
  it('refuses a purchase dated before the card, the membership or the enrollment, naming the condition; accepts it once all held that day', async () => {
    const school = await newOrg('77-090-0002', '77-090');
    const apiKey = await newPartner('Книжная лавка');
    // Joined, enrolled and got a virtual card today.
    const fresh = await admit(school);
    await enroll(fresh);
    const freshCard = await activeVirtualCard(fresh);
    // A member since last year, enrolled and carded today.
    const veteran = await admit(school, { joinedOn: daysAgo(300) });
    await enroll(veteran);
    const veteranCard = await activeVirtualCard(veteran);

    const at = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();
    const report = async (key: string, card: string, days: number): Promise<GatewayResponse> =>
      gateway(
        REPORT,
        { input: { idempotencyKey: key, cardNumberOrPayload: card, amountKopecks: 100_000, occurredAt: at(days) } },
        { apiKey },
      );
    const refusal = (response: GatewayResponse): unknown =>
      response.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['condition']]);

    // Three months ago the card did not exist yet.
    expect(refusal(await report('old-1', freshCard.number, 85))).toEqual([['INVALID_STATE', 'CARD_IN_USE']]);
    // With the card in use then (history moved back), the holder was not a member yet.
    await backdateCard(freshCard.id, daysAgo(200));
    expect(refusal(await report('old-2', freshCard.number, 85))).toEqual([['CARD_REVOKED', 'MEMBERSHIP']]);
    // The veteran was a member, had the card, but enrolled only today.
    await backdateCard(veteranCard.id, daysAgo(200));
    expect(refusal(await report('old-3', veteranCard.number, 85))).toEqual([['NOT_ENROLLED', 'ENROLLMENT']]);
    await sql('update cards.bonus_participation_period set valid_from = ?::date where member_id = ?', [
      daysAgo(100),
      veteran,
    ]);
    expect(
      fieldOf<{ cashbackKopecks: number }>(await report('old-4', veteranCard.number, 85), 'reportPurchase')
        .cashbackKopecks,
    ).toBe(5_000);
    // Today's purchase of the fresh member is fine; nothing was written for the refusals.
    expect(
      fieldOf<{ cashbackKopecks: number }>(await report('now-1', freshCard.number, 0), 'reportPurchase')
        .cashbackKopecks,
    ).toBe(5_000);
    const keys = await sql<{ key: string }>(
      `select idempotency_key as key from cards.purchase where idempotency_key like 'old-%' or idempotency_key like 'now-%' order by 1`,
    );
    expect(keys.map((row) => row.key)).toEqual(['now-1', 'old-4']);
  });
});

const BATCH = `mutation ($input: [ReportPurchaseInput!]!) { reportPurchases(input: $input) {
  recorded replayed refused lines { line replayed purchase { id idempotencyKey cashbackKopecks } error { code field } } } }`;

interface BatchReport {
  recorded: number;
  replayed: number;
  refused: number;
  lines: {
    line: number;
    replayed: boolean;
    purchase: { id: string; idempotencyKey: string; cashbackKopecks: number } | null;
    error: { code: string; field: string | null } | null;
  }[];
}

describe('batch purchase reports', () => {
  it('records a monthly report beyond 90 days with per-line results, idempotent per line, in few statements', async () => {
    const school = await newOrg('77-090-0003', '77-090');
    const apiKey = await newPartner('Канцтовары');
    const member = await admit(school, { joinedOn: daysAgo(390) });
    await enroll(member);
    const card = await activeVirtualCard(member);
    await backdateCard(card.id, daysAgo(380));
    await sql('update cards.bonus_participation_period set valid_from = ?::date where member_id = ?', [
      daysAgo(380),
      member,
    ]);

    const at = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();
    const line = (key: string, days: number, amountKopecks = 20_000, cardNumber = card.number) => ({
      idempotencyKey: key,
      cardNumberOrPayload: cardNumber,
      amountKopecks,
      occurredAt: at(days),
    });
    // The single real-time report keeps its 90 days.
    expect(responseCodes(await gateway(REPORT, { input: line('single-old', 200) }, { apiKey }))).toEqual([
      'BAD_USER_INPUT',
    ]);

    const input = [
      line('m-1', 200),
      line('m-2', 10, 30_000),
      line('m-1', 200), // the same line twice: counted once
      line('m-2', 10, 99_999), // the same key, another body
      line('m-3', 500), // beyond the 400 days of a batch
      line('m-4', 5, 20_000, '1234'), // a number failing its check digit
      line('m-5', 395), // before the card was in use
    ];
    const first = fieldOf<BatchReport>(await gateway(BATCH, { input }, { apiKey }), 'reportPurchases');
    expect(
      first.lines.map((l) => [l.line, l.purchase?.idempotencyKey ?? null, l.replayed, l.error?.code ?? null]),
    ).toEqual([
      [1, 'm-1', false, null],
      [2, 'm-2', false, null],
      [3, 'm-1', true, null],
      [4, null, false, 'IDEMPOTENCY_CONFLICT'],
      [5, null, false, 'BAD_USER_INPUT'],
      [6, null, false, 'INVALID_CARD_NUMBER'],
      [7, null, false, 'INVALID_STATE'],
    ]);
    expect([first.recorded, first.replayed, first.refused]).toEqual([2, 1, 4]);
    expect(first.lines[0]?.purchase?.cashbackKopecks).toBe(1_000);
    expect(first.lines[2]?.purchase?.id).toBe(first.lines[0]?.purchase?.id);

    // The whole report again: every accepted line replays, nothing more is written.
    const again = fieldOf<BatchReport>(
      await gateway(BATCH, { input: input.slice(0, 2) }, { apiKey }),
      'reportPurchases',
    );
    expect(again.lines.map((l) => [l.replayed, l.purchase?.id])).toEqual([
      [true, first.lines[0]?.purchase?.id],
      [true, first.lines[1]?.purchase?.id],
    ]);
    const ledger = await sql<{ count: number; sum: string }>(
      `select count(*)::int as count, sum(amount_kopecks)::text as sum from cards.bonus_ledger where member_id = ?`,
      [member],
    );
    expect(ledger).toEqual([{ count: 2, sum: '2500' }]);

    // 1,000 lines: a fixed number of statements, not one per line.
    const counter = await harness.countStatements(['cards']);
    const big = Array.from({ length: 1000 }, (_, index) => line(`big-${index}`, 1 + (index % 300), 1_000 + index));
    const started = Date.now();
    const report = fieldOf<BatchReport>(await gateway(BATCH, { input: big }, { apiKey }), 'reportPurchases');
    const elapsed = Date.now() - started;
    const statements = await counter.stop();
    expect([report.recorded, report.refused]).toEqual([1000, 0]);
    console.info(`1,000-line batch: ${statements} statements in the cards subgraph, ${elapsed} ms through the gateway`);
    expect(statements).toBeLessThan(20);

    // Over 1,000 lines is refused as a whole.
    expect(responseCodes(await gateway(BATCH, { input: [...big, line('big-x', 1)] }, { apiKey }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});

const BULK = `mutation ($ids: [UUID!], $o: UUID) { enrollMembersInBonusProgram(memberIds: $ids, organizationId: $o) {
  enrolled alreadyEnrolled withoutConsent notActive enrolledIds alreadyEnrolledIds withoutConsentIds notActiveIds } }`;

describe('bulk enrollment', () => {
  it('enrolls named members or a subtree in one call, listing the already enrolled and those without consent; outside the scope nothing is written', async () => {
    const territorial = await newOrg('77-091', '77');
    const school = await newOrg('77-091-0001', '77-091');
    await newOrg('50-091', '50');
    const elsewhere = await newOrg('50-091-0001', '50-091');
    const [a, b, c] = [await admit(school), await admit(school), await admit(school, { bonusConsent: false })];
    const outsider = await admit(elsewhere);
    await enroll(a);
    const chair = { token: harness.token({ sub: 'e2e-77-091', roles: [Role.ORG_ADMIN], org: territorial }) };

    const sorted = (ids: string[]): string[] => [...ids].sort();
    const result = fieldOf<Record<string, unknown>>(
      await gateway(BULK, { ids: [a, b, c] }, chair),
      'enrollMembersInBonusProgram',
    );
    expect(result).toEqual({
      enrolled: 1,
      alreadyEnrolled: 1,
      withoutConsent: 1,
      notActive: 0,
      enrolledIds: [b],
      alreadyEnrolledIds: [a],
      withoutConsentIds: [c],
      notActiveIds: [],
    });
    // One member outside the chair's subtree refuses the whole call, writing nothing.
    const d = await admit(school);
    expect(responseCodes(await gateway(BULK, { ids: [d, outsider] }, chair))).toEqual(['FORBIDDEN']);
    expect(
      await sql('select member_id from cards.bonus_participant where member_id = any(?::uuid[])', [
        `{${d},${outsider}}`,
      ]),
    ).toEqual([]);
    // The subtree at once: d joins, a and b stay, c still lacks consent.
    const subtree = fieldOf<{
      enrolled: number;
      alreadyEnrolled: number;
      withoutConsentIds: string[];
      enrolledIds: string[];
      alreadyEnrolledIds: string[];
    }>(await gateway(BULK, { o: territorial }, chair), 'enrollMembersInBonusProgram');
    expect([subtree.enrolledIds, sorted(subtree.alreadyEnrolledIds), subtree.withoutConsentIds]).toEqual([
      [d],
      sorted([a, b]),
      [c],
    ]);
    expect(responseCodes(await gateway(BULK, { o: elsewhere }, chair))).toEqual(['FORBIDDEN']);
    expect(responseCodes(await gateway(BULK, { ids: [a], o: territorial }, chair))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('batches and partners', () => {
  it('says what state a batch is in and what comes next; refuses a second partner of one name in any case', async () => {
    const school = await newOrg('77-091-0002', '77-091');
    await admit(school);
    const batch = fieldOf<{ id: string }>(
      await gateway('mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }', { o: school }, central()),
      'orderCardBatch',
    );
    const produced = async (): Promise<GatewayResponse> =>
      gateway('mutation ($b: UUID!) { markBatchProduced(batchId: $b) { status } }', { b: batch.id }, central());
    expect((await produced()).errors?.[0]?.message).toBe(
      `Batch ${batch.id} is ORDERED, expected IN_PRODUCTION: export its file first (exportCardBatch)`,
    );
    fieldOf(
      await gateway('mutation ($b: UUID!) { exportCardBatch(batchId: $b) }', { b: batch.id }, central()),
      'exportCardBatch',
    );
    fieldOf(await produced(), 'markBatchProduced');
    const again = await produced();
    expect(responseCodes(again)).toEqual(['INVALID_STATE']);
    expect(again.errors?.[0]?.message).toBe(
      `Batch ${batch.id} is PRODUCED, expected IN_PRODUCTION: it is already produced; mark it issued when the cards are handed out (markBatchIssued)`,
    );

    await newPartner('Читай-Город');
    const twin = await gateway(
      'mutation { createPartner(input: { name: "ЧИТАЙ-город", category: "Книги", cashbackRateBp: 100 }) { apiKey } }',
      {},
      central(),
    );
    expect(responseCodes(twin)).toEqual(['ALREADY_EXISTS']);
    expect(await sql(`select name from cards.partner where lower(name) = lower('Читай-Город')`)).toEqual([
      { name: 'Читай-Город' },
    ]);
  });
});
