import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryFrom } from '../src/services/card-issue';
import { isLuhnValid, luhnCheckDigit, parseCardNumber } from '../src/services/card-number';
import type { CardsWorld } from './fixtures';
import { openCardsWorld } from './fixtures';

let world: CardsWorld;
beforeAll(async () => {
  world = await openCardsWorld();
});
afterAll(() => world.close());

describe('card numbers', () => {
  it('computes the Luhn check digit (known vectors) and reads numbers as people type them', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('4539578763621486')).toBe(true);
    const body = '964377000000001';
    const number = `${body}${luhnCheckDigit(body)}`;
    expect(
      parseCardNumber(`${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8, 12)} ${number.slice(12)}`),
    ).toBe(number);
    expect(() => parseCardNumber('964377000000001')).toThrow(/expected 16 digits/);
    const wrong = `${body}${(Number(luhnCheckDigit(body)) + 1) % 10}`;
    expect(() => parseCardNumber(wrong)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CARD_NUMBER',
        details: expect.objectContaining({ reason: 'CHECK_DIGIT' }),
      }),
    );
  });

  it('gets the same check digit from SQL as from TypeScript, and the table refuses a number that fails it', async () => {
    const bodies = Array.from(
      { length: 200 },
      (_, i) =>
        `9643${String(i % 90).padStart(2, '0')}${String(i * 7_654_321)
          .padStart(9, '0')
          .slice(-9)}`,
    );
    const em = world.harness.orm.em.fork();
    const rows = await em.execute<{ body: string; digit: string }[]>(
      'select body, cards.luhn_check_digit(body) as digit from unnest(?::text[]) as body',
      [`{${bodies.join(',')}}`],
    );
    expect(rows.map((row) => row.digit)).toEqual(bodies.map(luhnCheckDigit));
    const [member] = await em.execute<{ id: string }[]>('select gen_random_uuid() as id');
    await expect(
      em.execute(`insert into cards.union_card (number, member_id, kind) values ('9643770000000000', ?, 'PLASTIC')`, [
        member?.id,
      ]),
    ).rejects.toThrow(/union_card_number_check/);
  });

  it('expires five years on, at the end of the month', () => {
    expect(expiryFrom('2026-11-24')).toBe('2031-11-30');
    expect(expiryFrom('2027-02-01')).toBe('2032-02-29');
    expect(expiryFrom('2026-12-31')).toBe('2031-12-31');
  });
});
