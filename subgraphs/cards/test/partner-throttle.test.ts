import { DEFAULT_PARTNER_VERIFY_RATE, loadRatePolicies } from '@registry/lib';
import { errorCodes } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardsWorld } from './fixtures';
import { count, OPS, openCardsWorld } from './fixtures';
import { activeVirtualCard } from './helpers';

let world: CardsWorld;
beforeAll(async () => {
  // Read with the rest of the configuration when the harness opens.
  process.env['PARTNER_VERIFY_RATE'] = '6/m,burst=6';
  world = await openCardsWorld();
});
afterAll(() => world.close());

const REPORT = 'mutation ($input: ReportPurchaseInput!) { reportPurchase(input: $input) { id } }';

describe('partner throttle', () => {
  it('reads PARTNER_VERIFY_RATE, 10/s in bursts of 20 by default, and refuses a wrong one', () => {
    expect(DEFAULT_PARTNER_VERIFY_RATE).toBe('10/s,burst=20');
    expect(loadRatePolicies({}).partnerLookUp).toEqual({ limit: 10, windowSeconds: 1, burst: 20 });
    expect(loadRatePolicies({ PARTNER_VERIFY_RATE: '600/m,burst=50' }).partnerLookUp).toEqual({
      limit: 600,
      windowSeconds: 60,
      burst: 50,
    });
    expect(() => loadRatePolicies({ PARTNER_VERIFY_RATE: 'fast' })).toThrow(/PARTNER_VERIFY_RATE: expected/);
  });

  it('lets exactly the burst of concurrent verifications of one key through, refuses the rest with RATE_LIMITED, and counts purchases in the same bucket', async () => {
    const member = await world.admit('P77-1');
    const card = await activeVirtualCard(world, member);
    const [guesser, other] = [
      await world.partner({ name: 'Перебор' }),
      await world.partner({ name: 'Соседний магазин' }),
    ];
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => world.harness.execute(OPS.verify, { text: card.number }, guesser.viewer)),
    );
    const verdicts = answers.map((answer) =>
      answer.errors ? errorCodes(answer)[0] : (answer.data?.['verifyCard'] as { result: string }).result,
    );
    expect(verdicts.filter((verdict) => verdict === 'VALID')).toHaveLength(6);
    expect(verdicts.filter((verdict) => verdict === 'RATE_LIMITED')).toHaveLength(9);
    const refused = answers.find((answer) => answer.errors)?.errors?.[0];
    // One look-up every 10 s.
    expect(refused?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 10,
      limit: 6,
      windowSeconds: 60,
      burst: 6,
    });
    expect(refused?.message).toMatch(/verifyCard: expected at most 6 calls per 60 s/);

    // A purchase report looks the card up too: refused before anything is read or written.
    const purchases = await count(world.harness, 'purchase');
    const report = await world.harness.execute(
      REPORT,
      {
        input: {
          idempotencyKey: 'throttled-1',
          cardNumberOrPayload: card.number,
          amountKopecks: 10_000,
          occurredAt: new Date().toISOString(),
        },
      },
      guesser.viewer,
    );
    expect(errorCodes(report)).toEqual(['RATE_LIMITED']);
    expect(await count(world.harness, 'purchase')).toBe(purchases);

    // Another key is not held back by the first one's bucket.
    expect(errorCodes(await world.harness.execute(OPS.verify, { text: card.number }, other.viewer))).toEqual([]);
  });
});
