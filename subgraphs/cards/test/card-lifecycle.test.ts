import { centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryFrom } from '../src/services/card-issue';
import { luhnCheckDigit } from '../src/services/card-number';
import type { CardsWorld } from './fixtures';
import { count, dataOf, memberRep, OPS, openCardsWorld } from './fixtures';
import { issuePlasticCards, liveCard } from './helpers';

let world: CardsWorld;
let anna: string;
let boris: string;

beforeAll(async () => {
  world = await openCardsWorld();
  anna = await world.admit('P77-1');
  boris = await world.admit('P77-2');
  await issuePlasticCards(world, 'T77');
});
afterAll(() => world.close());

const today = () => new Date().toISOString().slice(0, 10);
const BLOCK = 'mutation ($card: UUID!) { blockCard(cardId: $card, reason: "телефон украден") { status } }';
const UNBLOCK = 'mutation ($card: UUID!) { unblockCard(cardId: $card) { status } }';
const LOST =
  'mutation ($card: UUID!) { reportCardLost(cardId: $card) { id number kind status replaces { id status } history { fromStatus toStatus reason } } }';

describe('a virtual card', () => {
  it('is issued by the member in the app as a duplicate of their plastic card, and activated with a signed QR payload', async () => {
    const me = memberViewer(anna);
    const plastic = await liveCard(world, anna, 'PLASTIC');
    const issued = dataOf<{
      id: string;
      number: string;
      kind: string;
      status: string;
      duplicates: { id: string } | null;
    }>(await world.harness.execute(OPS.issueVirtual, { member: anna }, me), 'issueVirtualCard');
    expect(issued).toMatchObject({ kind: 'VIRTUAL', status: 'ORDERED', duplicates: { id: plastic.id } });
    expect(issued.number).toMatch(/^964377\d{10}$/);
    expect(issued.number).not.toBe(plastic.number);

    const activation = dataOf<{ qrPayload: string; card: { status: string; issuedOn: string; expiresOn: string } }>(
      await world.harness.execute(OPS.activate, { card: issued.id }, me),
      'activateVirtualCard',
    );
    // A duplicate expires with the plastic card it mirrors.
    expect(activation.card).toEqual({
      id: issued.id,
      status: 'ACTIVE',
      issuedOn: today(),
      expiresOn: expiryFrom(today()),
    });
    expect(activation.qrPayload).toMatch(
      new RegExp(`^EPB1\\.${issued.number}\\.${expiryFrom(today()).slice(0, 7)}\\.dev\\.[A-Za-z0-9_-]{43}$`),
    );
    // Activating again only returns the payload.
    const again = dataOf<{ qrPayload: string }>(
      await world.harness.execute(OPS.activate, { card: issued.id }, me),
      'activateVirtualCard',
    );
    expect(again.qrPayload).toBe(activation.qrPayload);
    expect(await count(world.harness, 'card_event', 'card_id = ?', [issued.id])).toBe(2);
  });

  it('refuses a second virtual card in use (ALREADY_EXISTS) and writes nothing; the database index holds it too', async () => {
    const cards = await count(world.harness, 'union_card');
    const body = '964377000000000';
    const second = await world.harness.execute(OPS.issueVirtual, { member: anna }, centralAdmin);
    expect(errorCodes(second)).toEqual(['ALREADY_EXISTS']);
    expect(await count(world.harness, 'union_card')).toBe(cards);
    await expect(
      world.harness.orm.em
        .fork()
        .execute(`insert into cards.union_card (number, member_id, kind, status) values (?, ?, 'VIRTUAL', 'ORDERED')`, [
          `${body}${luhnCheckDigit(body)}`,
          anna,
        ]),
    ).rejects.toThrow(/union_card_one_live_per_kind/);
  });

  it("is the member's own: another member may neither issue nor activate it", async () => {
    expect(errorCodes(await world.harness.execute(OPS.issueVirtual, { member: anna }, memberViewer(boris)))).toEqual([
      'FORBIDDEN',
    ]);
    const virtual = await liveCard(world, anna, 'VIRTUAL');
    expect(errorCodes(await world.harness.execute(OPS.activate, { card: virtual.id }, memberViewer(boris)))).toEqual([
      'FORBIDDEN',
    ]);
    const plastic = await liveCard(world, anna, 'PLASTIC');
    expect(errorCodes(await world.harness.execute(OPS.activate, { card: plastic.id }, centralAdmin))).toEqual([
      'INVALID_STATE',
    ]);
  });
});

describe('blocking and loss', () => {
  it('lets the holder block a card, and only an admin unblock it', async () => {
    const virtual = await liveCard(world, anna, 'VIRTUAL');
    expect(
      dataOf<{ status: string }>(
        await world.harness.execute(BLOCK, { card: virtual.id }, memberViewer(anna)),
        'blockCard',
      ).status,
    ).toBe('BLOCKED');
    expect(errorCodes(await world.harness.execute(BLOCK, { card: virtual.id }, memberViewer(anna)))).toEqual([
      'INVALID_STATE',
    ]);
    expect(errorCodes(await world.harness.execute(UNBLOCK, { card: virtual.id }, memberViewer(anna)))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(await world.harness.execute(UNBLOCK, { card: virtual.id }, orgAdminOf(world.org('R50')))),
    ).toEqual(['FORBIDDEN']);
    expect(
      dataOf<{ status: string }>(
        await world.harness.execute(UNBLOCK, { card: virtual.id }, orgAdminOf(world.org('P77-1'))),
        'unblockCard',
      ).status,
    ).toBe('ACTIVE');
  });

  it('reissues a lost card: the old number is LOST for good, the new card replaces it, both keep their history', async () => {
    const plastic = await liveCard(world, anna, 'PLASTIC');
    const next = dataOf<{
      id: string;
      number: string;
      kind: string;
      status: string;
      replaces: { id: string; status: string };
      history: { reason: string }[];
    }>(await world.harness.execute(LOST, { card: plastic.id }, memberViewer(anna)), 'reportCardLost');
    expect(next).toMatchObject({ kind: 'PLASTIC', status: 'ORDERED', replaces: { id: plastic.id, status: 'LOST' } });
    expect(next.number).not.toBe(plastic.number);
    expect(next.history[0]?.reason).toContain(plastic.number.slice(-4));
    expect(errorCodes(await world.harness.execute(LOST, { card: plastic.id }, memberViewer(anna)))).toEqual([
      'INVALID_STATE',
    ]);

    const seen = dataOf<{ activeCard: { kind: string } | null; cards: { status: string }[] }[]>(
      await world.harness.execute(OPS.memberCards, { reps: [memberRep(anna)] }, memberViewer(anna)),
      '_entities',
    );
    // The virtual card is still in use; the lost plastic is history, its successor not issued yet.
    expect(seen[0]?.activeCard).toMatchObject({ kind: 'VIRTUAL' });
    expect(seen[0]?.cards.map((card) => card.status).sort()).toEqual(['ACTIVE', 'LOST', 'ORDERED']);

    // The replacement goes into the next batch ordered for the subtree, with nobody else's card.
    const batch = dataOf<{ cardCount: number }>(
      await world.harness.execute(OPS.order, { org: world.org('R77') }, centralAdmin),
      'orderCardBatch',
    );
    expect(batch.cardCount).toBe(1);
    expect(await count(world.harness, 'union_card', 'id = ? and batch_id is not null', [next.id])).toBe(1);
  });

  it('refuses unknown and malformed ids with typed errors', async () => {
    expect(errorCodes(await world.harness.execute(BLOCK, { card: 'nope' }, centralAdmin))).toEqual(['BAD_USER_INPUT']);
    expect(
      errorCodes(await world.harness.execute(BLOCK, { card: '00000000-0000-4000-8000-000000000000' }, centralAdmin)),
    ).toEqual(['NOT_FOUND']);
    expect(
      errorCodes(
        await world.harness.execute('query { cardByNumber(number: "9643770000000001") { id } }', {}, centralAdmin),
      ),
    ).toEqual(['INVALID_CARD_NUMBER']);
    expect(
      errorCodes(await world.harness.execute('query { cardByNumber(number: "12345") { id } }', {}, centralAdmin)),
    ).toEqual(['INVALID_CARD_NUMBER']);
    const plastic = await liveCard(world, boris, 'PLASTIC');
    const found = await world.harness.execute(
      'query ($n: String!) { cardByNumber(number: $n) { id } }',
      { n: plastic.number.replace(/(\d{4})/g, '$1 ').trim() },
      centralAdmin,
    );
    expect(dataOf(found, 'cardByNumber')).toEqual({ id: plastic.id });
  });
});
