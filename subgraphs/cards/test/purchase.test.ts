import { withdrawBonusConsent } from '@registry/members/testing';
import { analystOf, centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../src/services/card-number';
import { cashbackOf } from '../src/services/purchase.service';
import type { CardsWorld } from './fixtures';
import { count, dataOf, memberRep, openCardsWorld, partnerViewer } from './fixtures';
import { activeVirtualCard, issuePlasticCards, liveCard } from './helpers';

let world: CardsWorld;
let buyer: string;
let reluctant: string;
let oblast: string;
let partnerId: string;
let plastic: { id: string; number: string };
let virtual: { id: string; number: string; qrPayload: string };

const ENROLL_ME = 'mutation { enrollMeInBonusProgram { participation { channel active } balanceKopecks } }';
const ENROLL = 'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { participation { channel active } } }';
const REPORT = `mutation ($input: ReportPurchaseInput!) {
  reportPurchase(input: $input) { id idempotencyKey amountKopecks cashbackRateBp cashbackKopecks occurredAt partner { name } } }`;
const ACCOUNT = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member {
  bonusAccount { balanceKopecks participation { channel active } history { kind amountKopecks purchase { amountKopecks partner { name } } } } } } }`;
const FIGURES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization {
  bonusFigures { participants participantsViaApp purchases purchaseSumKopecks cashbackSumKopecks } } } }`;

// Fixed once: a retry repeats the body exactly, time included.
const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
const purchase = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: 'till-7/receipt-0001',
  cardNumberOrPayload: plastic.number,
  amountKopecks: 125_050,
  occurredAt: tenMinutesAgo,
  ...overrides,
});
const report = (input: Record<string, unknown>, viewer = partnerViewer(partnerId)) =>
  world.harness.execute(REPORT, { input }, viewer);
const ledgerRows = () => count(world.harness, 'bonus_ledger');
const purchaseRows = () => count(world.harness, 'purchase');

beforeAll(async () => {
  // One partner reports dozens of purchases in a second here; the throttle has tests of its own.
  process.env['PARTNER_VERIFY_RATE'] = '1000/s';
  world = await openCardsWorld();
  buyer = await world.admit('P77-1');
  reluctant = await world.admit('P77-1', { bonusConsent: false });
  oblast = await world.admit('P50-1');
  await issuePlasticCards(world, 'C');
  plastic = await liveCard(world, buyer, 'PLASTIC');
  virtual = await activeVirtualCard(world, buyer, memberViewer(buyer));
});
afterAll(() => world.close());

describe('the bonus program', () => {
  it('enrolls a consenting member from the app or by an admin, and refuses without consent (CONSENT_REQUIRED)', async () => {
    const enrolled = dataOf<{ participation: { channel: string; active: boolean }; balanceKopecks: number }>(
      await world.harness.execute(ENROLL_ME, {}, memberViewer(buyer)),
      'enrollMeInBonusProgram',
    );
    expect(enrolled).toEqual({ participation: { channel: 'APP', active: true }, balanceKopecks: 0 });
    // Enrolling again changes nothing, not even the channel.
    const again = dataOf<{ participation: { channel: string } }>(
      await world.harness.execute(ENROLL, { m: buyer }, centralAdmin),
      'enrollInBonusProgram',
    );
    expect(again.participation.channel).toBe('APP');
    expect(errorCodes(await world.harness.execute(ENROLL, { m: reluctant }, orgAdminOf(world.org('P77-1'))))).toEqual([
      'CONSENT_REQUIRED',
    ]);
    expect(errorCodes(await world.harness.execute(ENROLL, { m: oblast }, orgAdminOf(world.org('P77-1'))))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      dataOf(await world.harness.execute(ENROLL, { m: oblast }, orgAdminOf(world.org('R50'))), 'enrollInBonusProgram'),
    ).toEqual({
      participation: { channel: 'ADMIN', active: true },
    });
    expect(await count(world.harness, 'bonus_participant')).toBe(2);
  });

  it('creates a partner whose API key is shown once, for central admins only', async () => {
    const CREATE = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { apiKey partner { id name cashbackRateBp regions active apiKeyPrefix } } }`;
    const input = { name: 'Книжный дом', category: 'Книги', cashbackRateBp: 250, regions: ['77', '50', '77'] };
    expect(errorCodes(await world.harness.execute(CREATE, { input }, orgAdminOf(world.org('R77'))))).toEqual([
      'FORBIDDEN',
    ]);
    const bad = await world.harness.execute(
      CREATE,
      { input: { ...input, cashbackRateBp: 25_000, regions: ['Москва'] } },
      centralAdmin,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions['problems']).toHaveLength(2);
    const created = dataOf<{ apiKey: string; partner: { id: string; regions: string[]; apiKeyPrefix: string } }>(
      await world.harness.execute(CREATE, { input }, centralAdmin),
      'createPartner',
    );
    partnerId = created.partner.id;
    expect(created.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.partner).toMatchObject({ regions: ['50', '77'], apiKeyPrefix: created.apiKey.slice(0, 8) });
    const listed = await world.harness.execute(
      '{ partners(region: "50") { name apiKeyPrefix } }',
      {},
      memberViewer(buyer),
    );
    expect(errorCodes(listed)).toEqual(['FORBIDDEN']);
    expect(
      dataOf(await world.harness.execute('{ partners(region: "50") { name } }', {}, memberViewer(buyer)), 'partners'),
    ).toEqual([{ name: 'Книжный дом' }]);
  });

  it('records a purchase with cashback in kopecks, rounded down; a retry counts once', async () => {
    const first = dataOf<{
      id: string;
      amountKopecks: number;
      cashbackKopecks: number;
      cashbackRateBp: number;
      partner: { name: string };
    }>(await report(purchase()), 'reportPurchase');
    // 1 250.50 RUB at 2.5 %: 3 126.25 kopecks, rounded down.
    expect(first).toMatchObject({
      amountKopecks: 125_050,
      cashbackRateBp: 250,
      cashbackKopecks: 3126,
      partner: { name: 'Книжный дом' },
    });
    const [purchases, ledger] = [await purchaseRows(), await ledgerRows()];
    const retried = dataOf<{ id: string }>(
      await report(purchase({ cardNumberOrPayload: plastic.number.replace(/(\d{4})(?=\d)/g, '$1 ') })),
      'reportPurchase',
    );
    expect(retried.id).toBe(first.id);
    expect([await purchaseRows(), await ledgerRows()]).toEqual([purchases, ledger]);
  });

  it('counts concurrent retries of one report once', async () => {
    const [purchases, ledger] = [await purchaseRows(), await ledgerRows()];
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        report(purchase({ idempotencyKey: 'till-7/receipt-race', amountKopecks: 10_000 })),
      ),
    );
    const ids = new Set(results.map((result) => dataOf<{ id: string }>(result, 'reportPurchase').id));
    expect(ids.size).toBe(1);
    expect([await purchaseRows(), await ledgerRows()]).toEqual([purchases + 1, ledger + 1]);
  });

  it('refuses the same key with a different body (IDEMPOTENCY_CONFLICT) and writes nothing', async () => {
    const [purchases, ledger] = [await purchaseRows(), await ledgerRows()];
    const conflict = await report(purchase({ amountKopecks: 999_00 }));
    expect(errorCodes(conflict)).toEqual(['IDEMPOTENCY_CONFLICT']);
    expect(conflict.errors?.[0]?.message).toContain('till-7/receipt-0001');
    expect([await purchaseRows(), await ledgerRows()]).toEqual([purchases, ledger]);
  });

  it('accepts the QR payload of the virtual card too', async () => {
    const viaQr = dataOf<{ cashbackKopecks: number }>(
      await report(
        purchase({
          idempotencyKey: 'till-7/receipt-0002',
          cardNumberOrPayload: virtual.qrPayload,
          amountKopecks: 40_000,
        }),
      ),
      'reportPurchase',
    );
    expect(viaQr.cashbackKopecks).toBe(1000);
  });

  it('refuses bad input with typed errors, writing nothing', async () => {
    const [purchases, ledger] = [await purchaseRows(), await ledgerRows()];
    const key = (n: number) => `bad-${n}`;
    const cases: [Record<string, unknown>, string][] = [
      [purchase({ idempotencyKey: key(1), amountKopecks: -500 }), 'BAD_USER_INPUT'],
      [purchase({ idempotencyKey: key(2), amountKopecks: 0 }), 'BAD_USER_INPUT'],
      [purchase({ idempotencyKey: key(3), amountKopecks: 1_000_000_001 }), 'BAD_USER_INPUT'],
      [purchase({ idempotencyKey: key(4), amountKopecks: 12.5 }), 'BAD_USER_INPUT'],
      [
        purchase({ idempotencyKey: key(5), occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
        'BAD_USER_INPUT',
      ],
      [purchase({ idempotencyKey: key(6), occurredAt: '2020-06-01T10:00:00Z' }), 'BAD_USER_INPUT'],
      [purchase({ idempotencyKey: '' }), 'BAD_USER_INPUT'],
      [
        purchase({
          idempotencyKey: key(7),
          cardNumberOrPayload: `${plastic.number.slice(0, 15)}${(Number(plastic.number.at(-1)) + 1) % 10}`,
        }),
        'INVALID_CARD_NUMBER',
      ],
      [
        purchase({ idempotencyKey: key(8), cardNumberOrPayload: `${virtual.qrPayload.slice(0, -2)}xx` }),
        'INVALID_CARD_NUMBER',
      ],
      [
        purchase({
          idempotencyKey: key(9),
          cardNumberOrPayload: `964377999999999${luhnCheckDigit('964377999999999')}`,
        }),
        'NOT_FOUND',
      ],
      [
        purchase({
          idempotencyKey: key(10),
          cardNumberOrPayload: (await liveCard(world, reluctant, 'PLASTIC')).number,
        }),
        'NOT_ENROLLED',
      ],
    ];
    for (const [input, code] of cases) expect(errorCodes(await report(input)), JSON.stringify(input)).toEqual([code]);
    expect([await purchaseRows(), await ledgerRows()]).toEqual([purchases, ledger]);
  });

  it('refuses a lost card (CARD_REVOKED), and purchases from anyone but a partner', async () => {
    expect(errorCodes(await report(purchase({ idempotencyKey: 'by-admin' }), centralAdmin))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await report(purchase({ idempotencyKey: 'by-member' }), memberViewer(buyer)))).toEqual([
      'FORBIDDEN',
    ]);
    const oblastCard = await liveCard(world, oblast, 'PLASTIC');
    await world.harness.execute(
      'mutation ($c: UUID!) { reportCardLost(cardId: $c) { id } }',
      { c: oblastCard.id },
      centralAdmin,
    );
    const purchases = await purchaseRows();
    expect(
      errorCodes(await report(purchase({ idempotencyKey: 'lost-card', cardNumberOrPayload: oblastCard.number }))),
    ).toEqual(['CARD_REVOKED']);
    expect(await purchaseRows()).toBe(purchases);
  });

  it("shows the member their balance and history in kopecks; others' accounts stay closed", async () => {
    const [account] = dataOf<
      {
        bonusAccount: {
          balanceKopecks: number;
          history: { kind: string; amountKopecks: number; purchase: { amountKopecks: number } }[];
        };
      }[]
    >(await world.harness.execute(ACCOUNT, { reps: [memberRep(buyer)] }, memberViewer(buyer)), '_entities');
    expect(account?.bonusAccount.balanceKopecks).toBe(3126 + 250 + 1000);
    expect(
      account?.bonusAccount.history.map((entry) => [entry.kind, entry.amountKopecks, entry.purchase.amountKopecks]),
    ).toEqual([
      ['ACCRUAL', 1000, 40_000],
      ['ACCRUAL', 250, 10_000],
      ['ACCRUAL', 3126, 125_050],
    ]);
    expect(
      errorCodes(await world.harness.execute(ACCOUNT, { reps: [memberRep(buyer)] }, memberViewer(oblast))),
    ).toContain('FORBIDDEN');
  });

  it('sums figures per subtree: participants (via the app), purchases and sums, exact beyond 2^31 kopecks', async () => {
    const figures = async (codes: string[], viewer = centralAdmin) =>
      dataOf<{ bonusFigures: Record<string, number> }[]>(
        await world.harness.execute(
          FIGURES,
          { reps: codes.map((code) => ({ __typename: 'Organization', id: world.org(code) })) },
          viewer,
        ),
        '_entities',
      ).map((entity) => entity.bonusFigures);
    expect(await figures(['C', 'R77', 'R50'])).toEqual([
      { participants: 2, participantsViaApp: 1, purchases: 3, purchaseSumKopecks: 175_050, cashbackSumKopecks: 4376 },
      { participants: 1, participantsViaApp: 1, purchases: 3, purchaseSumKopecks: 175_050, cashbackSumKopecks: 4376 },
      { participants: 1, participantsViaApp: 0, purchases: 0, purchaseSumKopecks: 0, cashbackSumKopecks: 0 },
    ]);
    // Three purchases of 10 million roubles: 3 * 10^9 kopecks, past GraphQL's 32-bit Int.
    for (const n of [1, 2, 3]) {
      expect(errorCodes(await report(purchase({ idempotencyKey: `big-${n}`, amountKopecks: 1_000_000_000 })))).toEqual(
        [],
      );
    }
    const [country] = await figures(['C'], analystOf(world.org('C')));
    expect(country?.purchaseSumKopecks).toBe(175_050 + 3_000_000_000);
    expect(country?.cashbackSumKopecks).toBe(4376 + 3 * cashbackOf(1_000_000_000, 250));
    expect(
      errorCodes(
        await world.harness.execute(
          FIGURES,
          { reps: [{ __typename: 'Organization', id: world.org('R77') }] },
          analystOf(world.org('R50')),
        ),
      ),
    ).toContain('FORBIDDEN');
  });

  it('ends participation when the consent is withdrawn (members outbox), keeping the ledger', async () => {
    const { processMemberEvents } = await import('../src/services/member-events.consumer');
    await withdrawBonusConsent(...world.membersAs(memberViewer(buyer)));
    const consumed = await processMemberEvents(world.harness.orm.em.fork());
    expect(consumed.endedParticipations).toBe(1);
    const [account] = dataOf<{ bonusAccount: { balanceKopecks: number; participation: { active: boolean } } }[]>(
      await world.harness.execute(ACCOUNT, { reps: [memberRep(buyer)] }, memberViewer(buyer)),
      '_entities',
    );
    expect(account?.bonusAccount.participation.active).toBe(false);
    expect(account?.bonusAccount.balanceKopecks).toBeGreaterThan(0);
    expect(errorCodes(await report(purchase({ idempotencyKey: 'after-withdrawal' })))).toEqual(['NOT_ENROLLED']);
  });
});
