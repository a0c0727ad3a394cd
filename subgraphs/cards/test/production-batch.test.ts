import { analystOf, centralAdmin, errorCodes, memberViewer, orgAdminOf } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLuhnValid } from '../src/services/card-number';
import { expiryFrom } from '../src/services/card-issue';
import type { CardsWorld } from './fixtures';
import { count, dataOf, memberRep, OPS, openCardsWorld } from './fixtures';

let world: CardsWorld;
let inArbat: string[];
let inOblast: string;
let batchId: string;

beforeAll(async () => {
  world = await openCardsWorld();
  inArbat = [await world.admit('P77-1'), await world.admit('P77-1'), await world.admit('P77-2')];
  inOblast = await world.admit('P50-1');
});
afterAll(() => world.close());

const today = () => new Date().toISOString().slice(0, 10);

describe('production batches', () => {
  it('orders plastic cards for every active member of a territorial subtree, in one batch, numbered 9643 + region + serial + Luhn', async () => {
    const admin = orgAdminOf(world.org('T77'));
    const batch = dataOf<{ id: string; status: string; cardCount: number }>(
      await world.harness.execute(OPS.order, { org: world.org('T77') }, admin),
      'orderCardBatch',
    );
    batchId = batch.id;
    expect(batch).toMatchObject({ status: 'ORDERED', cardCount: 3 });
    const cards = await world.harness.orm.em
      .fork()
      .execute<{ number: string; member_id: string; status: string }[]>(
        'select number, member_id, status from cards.union_card where batch_id = ?',
        [batch.id],
      );
    expect(cards.map((card) => card.member_id).sort()).toEqual([...inArbat].sort());
    for (const card of cards) {
      expect(card.number).toMatch(/^964377\d{10}$/);
      expect(isLuhnValid(card.number)).toBe(true);
      expect(card.status).toBe('ORDERED');
    }
    expect(await count(world.harness, 'card_event', `to_status = 'ORDERED' and actor = ?`, [admin.subject])).toBe(3);
  });

  it('ordering twice creates nothing: NOTHING_TO_ORDER, no batch, no card', async () => {
    const [batches, cards] = [await count(world.harness, 'production_batch'), await count(world.harness, 'union_card')];
    const again = await world.harness.execute(OPS.order, { org: world.org('R77') }, centralAdmin);
    expect(errorCodes(again)).toEqual(['NOTHING_TO_ORDER']);
    expect(await count(world.harness, 'production_batch')).toBe(batches);
    expect(await count(world.harness, 'union_card')).toBe(cards);
  });

  it('keeps org admins inside their subtree and analysts out of orders', async () => {
    const outside = await world.harness.execute(OPS.order, { org: world.org('R50') }, orgAdminOf(world.org('T77')));
    expect(errorCodes(outside)).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await world.harness.execute(OPS.order, { org: world.org('R50') }, analystOf(world.org('R50')))),
    ).toEqual(['FORBIDDEN']);
    expect(errorCodes(await world.harness.execute(OPS.export, { id: batchId }, orgAdminOf(world.org('R50'))))).toEqual([
      'FORBIDDEN',
    ]);
    expect(await count(world.harness, 'union_card', 'member_id = ?', [inOblast])).toBe(0);
  });

  it("exports the manufacturer's CSV without names, sends the batch to production and fixes the expiry", async () => {
    const leaver = await world.admit('P77-2');
    const late = dataOf<{ id: string; cardCount: number }>(
      await world.harness.execute(OPS.order, { org: world.org('P77-2') }, centralAdmin),
      'orderCardBatch',
    );
    expect(late.cardCount).toBe(1);
    await world.exit(leaver);

    const csv = dataOf<string>(
      await world.harness.execute(OPS.export, { id: batchId }, orgAdminOf(world.org('T77'))),
      'exportCardBatch',
    );
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    expect(header).toBe('card_number,registration_number,expiry,region_code,organization_code');
    expect(rows).toHaveLength(3);
    for (const row of rows)
      expect(row).toMatch(new RegExp(`^964377\\d{10},\\d{10},${expiryFrom(today()).slice(0, 7)},77,P77-[12]$`));
    expect(csv).not.toMatch(/Анна|Учительница/);
    expect(
      await count(world.harness, 'union_card', `batch_id = ? and status = 'IN_PRODUCTION' and expires_on = ?`, [
        batchId,
        expiryFrom(today()),
      ]),
    ).toBe(3);
    // Again (a lost file): the same rows.
    expect(
      dataOf<string>(await world.harness.execute(OPS.export, { id: batchId }, centralAdmin), 'exportCardBatch'),
    ).toBe(csv);

    // The member who left after the order is not in the file of the late batch, even before the outbox consumer ran.
    const lateCsv = dataOf<string>(
      await world.harness.execute(OPS.export, { id: late.id }, centralAdmin),
      'exportCardBatch',
    );
    expect(lateCsv).toBe('card_number,registration_number,expiry,region_code,organization_code\r\n');
  });

  it('marks the batch produced, then issued: cards ISSUED today, the member sees an active card', async () => {
    const early = await world.harness.execute(OPS.issued, { id: batchId }, centralAdmin);
    expect(errorCodes(early)).toEqual(['INVALID_STATE']);
    expect(
      dataOf<{ status: string }>(
        await world.harness.execute(OPS.produced, { id: batchId }, centralAdmin),
        'markBatchProduced',
      ).status,
    ).toBe('PRODUCED');
    expect(
      dataOf<{ status: string }>(
        await world.harness.execute(OPS.issued, { id: batchId }, orgAdminOf(world.org('T77'))),
        'markBatchIssued',
      ).status,
    ).toBe('ISSUED');
    expect(
      await count(world.harness, 'union_card', `batch_id = ? and status = 'ISSUED' and issued_on = ?`, [
        batchId,
        today(),
      ]),
    ).toBe(3);

    const member = inArbat[0] ?? '';
    const seen = dataOf<{ activeCard: { kind: string; status: string; number: string } | null; cards: unknown[] }[]>(
      await world.harness.execute(OPS.memberCards, { reps: [memberRep(member)] }, memberViewer(member)),
      '_entities',
    );
    expect(seen[0]?.activeCard).toMatchObject({ kind: 'PLASTIC', status: 'ISSUED' });
    expect(seen[0]?.cards).toHaveLength(1);

    const history = await world.harness.execute(
      'query ($id: UUID!) { card(id: $id) { history { fromStatus toStatus actor } batch { status organization { id } } } }',
      { id: (seen[0]?.activeCard as { id: string } | null)?.id ?? '' },
      centralAdmin,
    );
    expect(history.errors).toBeUndefined();
  });

  it('shows a card to its holder and their admins only', async () => {
    const [holder, other] = [inArbat[0] ?? '', inArbat[1] ?? ''];
    const own = dataOf<{ activeCard: { id: string } }[]>(
      await world.harness.execute(OPS.memberCards, { reps: [memberRep(holder)] }, memberViewer(holder)),
      '_entities',
    );
    const cardId = own[0]?.activeCard.id ?? '';
    const CARD = 'query ($id: UUID!) { card(id: $id) { number history { fromStatus toStatus actor } } }';
    expect(errorCodes(await world.harness.execute(CARD, { id: cardId }, memberViewer(other)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await world.harness.execute(CARD, { id: cardId }, orgAdminOf(world.org('R50'))))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(await world.harness.execute(OPS.memberCards, { reps: [memberRep(holder)] }, memberViewer(other))),
    ).toContain('FORBIDDEN');
    const card = dataOf<{ history: { fromStatus: string | null; toStatus: string }[] }>(
      await world.harness.execute(CARD, { id: cardId }, orgAdminOf(world.org('P77-1'))),
      'card',
    );
    expect(card.history.map((step) => [step.fromStatus, step.toStatus])).toEqual([
      [null, 'ORDERED'],
      ['ORDERED', 'IN_PRODUCTION'],
      ['IN_PRODUCTION', 'ISSUED'],
    ]);
  });

  it('orders once when two admins order overlapping subtrees at the same moment', async () => {
    const [first, second] = [await world.admit('P50-1'), await world.admit('P50-1')];
    // Enough members that the two set-based orders would overlap without the lock (and one die on the unique index).
    for (let i = 0; i < 300; i += 1) await world.admit('P50-1');
    const results = await Promise.all([
      world.harness.execute(OPS.order, { org: world.org('R50') }, centralAdmin),
      world.harness.execute(OPS.order, { org: world.org('P50-1') }, orgAdminOf(world.org('P50-1'))),
    ]);
    const outcomes = results.map((result) => (result.errors ? errorCodes(result)[0] : 'ORDERED'));
    expect(outcomes.sort()).toEqual(['NOTHING_TO_ORDER', 'ORDERED']);
    for (const member of [first, second, inOblast])
      expect(await count(world.harness, 'union_card', 'member_id = ?', [member])).toBe(1);
  });
});
