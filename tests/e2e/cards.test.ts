import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  // The cards subgraph polls the members outbox; quickly here, so the test need not wait long.
  harness = await openStackHarness('cards', { CARDS_MEMBER_EVENTS_INTERVAL_MS: '100' });
});
afterAll(() => harness?.close());

type Response = GatewayResponse;
const gateway = (query: string, variables: Record<string, unknown>, auth: RequestAuth = {}): Promise<Response> =>
  harness.post(query, variables, auth);
const data = fieldOf;
const codes = responseCodes;
const token = (claims: { sub: string; roles: Role[]; org?: string; member?: string }) => harness.token(claims);

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('cards through the gateway', () => {
  it('batch for a territorial subtree → export → issued → activeCard; virtual card verified by a partner; purchases with a retry; leaving revokes', async () => {
    const central = token({ sub: 'e2e-central', roles: [Role.CENTRAL_ADMIN] });
    const ids = async (code: string) =>
      data<{ id: string }>(
        await gateway('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }),
        'organizationByCode',
      ).id;
    const [territorial, school, kindergarten] = [
      await ids('77-001'),
      await ids('77-001-0001'),
      await ids('77-001-0002'),
    ];
    const territorialAdmin = token({ sub: 'arbat-chair', roles: [Role.ORG_ADMIN], org: territorial });

    const ADMIT = 'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }';
    const person = { category: 'EMPLOYEE', consentVersion: '2026-01', bonusConsent: true };
    const anna = data<{ id: string }>(
      await gateway(
        ADMIT,
        {
          input: { ...person, organizationId: school, lastName: 'Иванова', firstName: 'Анна', birthDate: '1985-04-12' },
        },
        { token: territorialAdmin },
      ),
      'admitMember',
    ).id;
    await gateway(
      ADMIT,
      {
        input: {
          ...person,
          organizationId: kindergarten,
          lastName: 'Смирнова',
          firstName: 'Ольга',
          birthDate: '1979-09-30',
        },
      },
      { token: territorialAdmin },
    );

    // Order for the territorial subtree, twice: the second finds nobody.
    const batch = data<{ id: string; cardCount: number }>(
      await gateway(
        'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id cardCount } }',
        { o: territorial },
        { token: territorialAdmin },
      ),
      'orderCardBatch',
    );
    expect(batch.cardCount).toBe(2);
    expect(
      codes(
        await gateway(
          'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
          { o: territorial },
          { token: territorialAdmin },
        ),
      ),
    ).toEqual(['NOTHING_TO_ORDER']);

    const csv = data<string>(
      await gateway(
        'mutation ($b: UUID!) { exportCardBatch(batchId: $b) }',
        { b: batch.id },
        { token: territorialAdmin },
      ),
      'exportCardBatch',
    );
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toMatch(
      /^card_number,registration_number,expiry,region_code,organization_code\r\n964377\d{10},\d{10},\d{4}-\d{2},77,77-001-000[12]\r\n/,
    );
    await gateway(
      'mutation ($b: UUID!) { markBatchProduced(batchId: $b) { status } }',
      { b: batch.id },
      { token: territorialAdmin },
    );
    const issued = await gateway(
      'mutation ($b: UUID!) { markBatchIssued(batchId: $b) { status } }',
      { b: batch.id },
      { token: territorialAdmin },
    );
    expect(data(issued, 'markBatchIssued')).toEqual({ status: 'ISSUED' });

    // One query, two subgraphs: the record from members, the card from cards.
    const member = data<{ fullName: string; activeCard: { number: string; status: string } }>(
      await gateway(
        'query ($id: UUID!) { member(id: $id) { fullName activeCard { number status } } }',
        { id: anna },
        { token: central },
      ),
      'member',
    );
    expect(member.fullName).toBe('Иванова Анна');
    expect(member.activeCard).toMatchObject({ status: 'ISSUED' });
    expect(csv).toContain(member.activeCard.number);

    // The member activates a virtual card in the app; a partner verifies its QR code with its API key.
    const annaToken = token({ sub: 'anna', roles: [Role.MEMBER], member: anna });
    const virtual = data<{ id: string }>(
      await gateway(
        'mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id } }',
        { m: anna },
        { token: annaToken },
      ),
      'issueVirtualCard',
    );
    const { qrPayload } = data<{ qrPayload: string }>(
      await gateway(
        'mutation ($c: UUID!) { activateVirtualCard(cardId: $c) { qrPayload } }',
        { c: virtual.id },
        { token: annaToken },
      ),
      'activateVirtualCard',
    );
    const { apiKey } = data<{ apiKey: string }>(
      await gateway(
        'mutation { createPartner(input: { name: "Книжный дом", category: "Книги", cashbackRateBp: 300, regions: ["77"] }) { apiKey } }',
        {},
        { token: central },
      ),
      'createPartner',
    );
    const VERIFY = 'query ($t: String!) { verifyCard(payloadOrNumber: $t) { result activeMember } }';
    expect(data(await gateway(VERIFY, { t: qrPayload }, { apiKey }), 'verifyCard')).toEqual({
      result: 'VALID',
      activeMember: true,
    });
    const wrongKey = await gateway(VERIFY, { t: qrPayload }, { apiKey: `${apiKey}x` });
    // As a bad token does: HTTP 401, not a 200 an integration could take for success.
    expect([wrongKey.status, ...codes(wrongKey)]).toEqual([401, 'UNAUTHENTICATED']);
    const both = await gateway(VERIFY, { t: qrPayload }, { apiKey, token: annaToken });
    expect([both.status, ...codes(both)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(
      codes(await gateway('query ($id: UUID!) { card(id: $id) { number } }', { id: virtual.id }, { apiKey })),
    ).toEqual(['FORBIDDEN']);

    // Purchases: the member joins the program in the app; a retried report counts once.
    await gateway('mutation { enrollMeInBonusProgram { balanceKopecks } }', {}, { token: annaToken });
    const REPORT = 'mutation ($input: ReportPurchaseInput!) { reportPurchase(input: $input) { id cashbackKopecks } }';
    const input = {
      idempotencyKey: 'till-1/0001',
      cardNumberOrPayload: qrPayload,
      amountKopecks: 46_578,
      occurredAt: new Date().toISOString(),
    };
    const first = data<{ id: string; cashbackKopecks: number }>(
      await gateway(REPORT, { input }, { apiKey }),
      'reportPurchase',
    );
    expect(first.cashbackKopecks).toBe(1397);
    expect(data<{ id: string }>(await gateway(REPORT, { input }, { apiKey }), 'reportPurchase').id).toBe(first.id);
    expect(codes(await gateway(REPORT, { input: { ...input, amountKopecks: 46_579 } }, { apiKey }))).toEqual([
      'IDEMPOTENCY_CONFLICT',
    ]);
    expect(
      codes(
        await gateway(REPORT, { input: { ...input, idempotencyKey: 'till-1/0002', amountKopecks: -1 } }, { apiKey }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const ME =
      '{ me { fullName activeCard { status } cards { kind status } bonusAccount { balanceKopecks history { amountKopecks purchase { partner { name } } } } } }';
    const me = data<{ bonusAccount: { balanceKopecks: number; history: unknown[] } }>(
      await gateway(ME, {}, { token: annaToken }),
      'me',
    );
    expect(me.bonusAccount).toEqual({
      balanceKopecks: 1397,
      history: [{ amountKopecks: 1397, purchase: { partner: { name: 'Книжный дом' } } }],
    });

    const analyst = token({ sub: 'analyst', roles: [Role.ANALYST], org: territorial });
    const figures = await gateway(
      '{ organizationByCode(code: "77-001") { cardCounts { plastic virtual holders } bonusFigures { participantsViaApp purchases purchaseSumKopecks } } }',
      {},
      { token: analyst },
    );
    expect(data(figures, 'organizationByCode')).toEqual({
      cardCounts: { plastic: 2, virtual: 1, holders: 2 },
      bonusFigures: { participantsViaApp: 1, purchases: 1, purchaseSumKopecks: 46_578 },
    });

    // The member leaves: at once no card counts, and the background consumer revokes both cards.
    await gateway('mutation { leaveUnion(reason: "переезд") { status } }', {}, { token: annaToken });
    expect(data(await gateway(VERIFY, { t: qrPayload }, { apiKey }), 'verifyCard')).toEqual({
      result: 'REVOKED',
      activeMember: false,
    });
    const after = await eventually(
      async () =>
        data<{ activeCard: unknown; cards: { status: string }[] }>(await gateway(ME, {}, { token: annaToken }), 'me'),
      (value) => value.cards.every((card) => card.status === 'REVOKED'),
    );
    expect(after.activeCard).toBeNull();
    expect(after.cards.map((card) => card.status)).toEqual(['REVOKED', 'REVOKED']);
  });
});
