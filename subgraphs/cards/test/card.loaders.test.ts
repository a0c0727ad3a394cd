import { countQueries } from '@registry/lib/testing';
import { centralAdmin } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCardsLoaders } from '../src/loaders';
import type { CardsWorld } from './fixtures';
import { dataOf, openCardsWorld } from './fixtures';
import { activeVirtualCard, issuePlasticCards } from './helpers';

let world: CardsWorld;
let members: string[];
const CODES = ['C', 'R77', 'R50', 'T77', 'P77-1', 'P77-2', 'P50-1'];

beforeAll(async () => {
  world = await openCardsWorld();
  members = [
    await world.admit('P77-1'),
    await world.admit('P77-2'),
    await world.admit('P50-1'),
    await world.admit('P50-1'),
  ];
  await issuePlasticCards(world, 'C');
  await activeVirtualCard(world, members[0] ?? '');
});
afterAll(() => world.close());

describe('card loaders', () => {
  it('counts cards of many organizations in one statement', async () => {
    const loaders = createCardsLoaders(world.harness.orm.em.fork());
    const counter = countQueries(world.harness.orm);
    const counts = await Promise.all(CODES.map((code) => loaders.cardCountsByOrganizationId.load(world.org(code))));
    counter.detach();
    expect(counter.statements).toHaveLength(1);
    expect(counts.map((c) => [c.plastic, c.virtual, c.holders])).toEqual([
      [4, 1, 4],
      [2, 1, 2],
      [2, 0, 2],
      [2, 1, 2],
      [1, 1, 1],
      [1, 0, 1],
      [2, 0, 2],
    ]);
  });

  it('answers `_entities` for a whole level of organizations with one statement per field', async () => {
    const counter = countQueries(world.harness.orm);
    const result = await world.harness.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization {
         cardCounts { plastic } bonusFigures { participants purchaseSumKopecks } } } }`,
      { reps: CODES.map((code) => ({ __typename: 'Organization', id: world.org(code) })) },
      centralAdmin,
    );
    counter.detach();
    expect(dataOf<unknown[]>(result, '_entities')).toHaveLength(CODES.length);
    expect(counter.statements).toHaveLength(2);
  });

  it("answers many members' active cards and balances with one statement each", async () => {
    const counter = countQueries(world.harness.orm);
    const result = await world.harness.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { activeCard { kind } bonusAccount { balanceKopecks } } } }`,
      { reps: members.map((id) => ({ __typename: 'Member', id })) },
      centralAdmin,
    );
    counter.detach();
    expect(
      dataOf<{ activeCard: { kind: string } }[]>(result, '_entities').map((member) => member.activeCard.kind),
    ).toEqual(['PLASTIC', 'PLASTIC', 'PLASTIC', 'PLASTIC']);
    expect(counter.statements).toHaveLength(2);
  });

  it("sums a year of purchases at the scale of the union's 2020 report exactly, in one statement", async () => {
    // 16,280 purchases for 7,582,143 RUB with 192,362 RUB returned, spread as evenly as kopecks allow.
    const partner = await world.partner({ name: 'Партнёр 2020' });
    const em = world.harness.orm.em.fork();
    const [card] = await em.execute<{ id: string; member_id: string }[]>(
      `select id, member_id from cards.union_card where member_id = ? and kind = 'PLASTIC'`,
      [members[0]],
    );
    await em.execute(
      `with bought as (
         insert into cards.purchase (partner_id, idempotency_key, request_hash, card_id, member_id, organization_id,
                                     amount_kopecks, cashback_rate_bp, cashback_kopecks, occurred_at)
         select ?, 'report-2020-' || i, repeat('0', 64), ?, ?, ?, 46573 + (i <= 5860)::int, 254, 1181 + (i <= 9520)::int,
                timestamptz '2020-01-01 00:00:00+00' + (i * interval '30 minutes')
           from generate_series(1, 16280) as i
         returning id, member_id, partner_id, cashback_kopecks)
       insert into cards.bonus_ledger (member_id, partner_id, purchase_id, kind, amount_kopecks)
       select member_id, partner_id, id, 'ACCRUAL', cashback_kopecks from bought`,
      [partner.id, card?.id, card?.member_id, world.org('P77-1')],
    );
    const loaders = createCardsLoaders(world.harness.orm.em.fork());
    const counter = countQueries(world.harness.orm);
    const period = { from: '2020-01-01T00:00:00.000Z', until: '2021-01-01T00:00:00.000Z' };
    const [country, oblast] = await Promise.all(
      [world.org('C'), world.org('R50')].map((id) => loaders.bonusFiguresByOrganizationId(period).load(id)),
    );
    counter.detach();
    expect(counter.statements).toHaveLength(1);
    expect(country).toMatchObject({
      purchases: 16_280,
      purchaseSumKopecks: 7_582_143_00,
      cashbackSumKopecks: 192_362_00,
    });
    expect(oblast).toMatchObject({ purchases: 0, purchaseSumKopecks: 0 });
  });
});
