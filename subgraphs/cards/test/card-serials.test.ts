import { scopeOf } from '@registry/lib';
import { centralAdmin } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueVirtualCard } from '../src/services/card-lifecycle.service';
import { isLuhnValid, luhnCheckDigit } from '../src/services/card-number';
import { orderCardBatch } from '../src/services/production-batch.service';
import type { CardsWorld } from './fixtures';
import { count, openCardsWorld } from './fixtures';

let world: CardsWorld;
beforeAll(async () => {
  world = await openCardsWorld();
});
afterAll(() => world.close());

const BATCH_SIZE = 200;
const serialOf = (number: string): number => Number(number.slice(6, 15));
const numberWith = (region: string, serial: number): string => {
  const body = `9643${region}${String(serial).padStart(9, '0')}`;
  return `${body}${luhnCheckDigit(body)}`;
};

async function numbersOf(where: string, params: unknown[]): Promise<string[]> {
  const rows = await world.harness.orm.em
    .fork()
    .execute<{ number: string }[]>(
      `select number from cards.union_card where ${where} order by created_at, id`,
      params,
    );
  return rows.map((row) => row.number);
}

/** Cards of members that are nobody's, taking the given numbers, as if issued before. */
async function occupy(numbers: readonly string[]): Promise<void> {
  const em = world.harness.orm.em.fork();
  for (const number of numbers) {
    await em.execute(
      `insert into cards.union_card (number, member_id, kind, status) values (?, gen_random_uuid(), 'PLASTIC', 'REVOKED')`,
      [number],
    );
  }
}

describe('card serials (finding 12)', () => {
  it('numbers a batch with random serials: unique, Luhn-valid, neither consecutive nor in order, spread over the space', async () => {
    for (let i = 0; i < BATCH_SIZE; i += 1) await world.admit('P77-1');
    const em = world.harness.orm.em.fork();
    const batch = await orderCardBatch(em, scopeOf(em, centralAdmin), world.org('P77-1'));
    expect(batch.cardCount).toBe(BATCH_SIZE);
    const numbers = await numbersOf('batch_id = ?', [batch.id]);
    expect(numbers).toHaveLength(BATCH_SIZE);
    expect(new Set(numbers).size).toBe(BATCH_SIZE);
    for (const number of numbers) {
      expect(number).toMatch(/^964377\d{10}$/);
      expect(isLuhnValid(number)).toBe(true);
    }
    const serials = numbers.map(serialOf).sort((a, b) => a - b);
    // In the order the cards were made, the serials are not in order.
    expect(numbers.map(serialOf)).not.toEqual(serials);
    // A sequence gives neighbours: the gaps between sorted serials would all be 1.
    const neighbours = serials.slice(1).filter((serial, i) => serial - (serials[i] ?? 0) === 1);
    expect(neighbours.length).toBeLessThan(3);
    // Drawn over 10^9 serials, 200 of them reach far beyond the first few hundred million.
    expect((serials.at(-1) ?? 0) - (serials[0] ?? 0)).toBeGreaterThan(500_000_000);
  });

  it('draws again for numbers already taken when ordering a batch, so the batch never fails on a collision', async () => {
    // A space of 20 serials in region 50, 14 of them taken: most draws collide.
    const taken = Array.from({ length: 14 }, (_, serial) => numberWith('50', serial));
    await occupy(taken);
    const members = [
      await world.admit('P50-1'),
      await world.admit('P50-1'),
      await world.admit('P50-1'),
      await world.admit('P50-1'),
    ];
    const em = world.harness.orm.em.fork();
    const batch = await orderCardBatch(em, scopeOf(em, centralAdmin), world.org('P50-1'), { serialSpace: 20 });
    expect(batch.cardCount).toBe(members.length);
    const numbers = await numbersOf('batch_id = ?', [batch.id]);
    expect(new Set(numbers).size).toBe(members.length);
    for (const number of numbers) {
      expect(taken).not.toContain(number);
      expect(serialOf(number)).toBeLessThan(20);
      expect(isLuhnValid(number)).toBe(true);
    }
    expect(
      await count(world.harness, 'card_event', 'card_id in (select id from cards.union_card where batch_id = ?)', [
        batch.id,
      ]),
    ).toBe(members.length);
  });

  it('draws again for a single card until it finds the one free number', async () => {
    // A space of 30 serials in region 50, every one taken but 27.
    const free = numberWith('50', 27);
    const used = new Set(await numbersOf('number like ?', ['964350%']));
    await occupy(
      Array.from({ length: 30 }, (_, serial) => numberWith('50', serial)).filter(
        (number) => number !== free && !used.has(number),
      ),
    );
    const member = await world.admit('P50-1');
    const em = world.harness.orm.em.fork();
    const card = await issueVirtualCard(em, scopeOf(em, centralAdmin), member, { serialSpace: 30 });
    expect(card.number).toBe(free);
    expect(await numbersOf('member_id = ?', [member])).toEqual([free]);
  });

  it('refuses to loop forever when the space is full, writing nothing', async () => {
    const member = await world.admit('P50-1');
    const before = await count(world.harness, 'union_card');
    const em = world.harness.orm.em.fork();
    await expect(issueVirtualCard(em, scopeOf(em, centralAdmin), member, { serialSpace: 30 })).rejects.toThrow(
      /No free card number in region 50/,
    );
    expect(await count(world.harness, 'union_card')).toBe(before);
  });
});
