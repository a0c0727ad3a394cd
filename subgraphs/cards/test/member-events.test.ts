import { ExitKind, mergeMembers, reinstateMember } from '@registry/members';
import { centralAdmin } from '@registry/tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_EVENTS_CONSUMER, processMemberEvents } from '../src/services/member-events.consumer';
import type { CardsWorld } from './fixtures';
import { count, dataOf, memberRep, OPS, openCardsWorld } from './fixtures';
import { activeVirtualCard, issuePlasticCards, liveCard } from './helpers';

let world: CardsWorld;
let leaver: string;
let stayer: string;
let duplicate: string;
let kept: string;

const consume = () => processMemberEvents(world.harness.orm.em.fork());
const COUNTS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { cardCounts { plastic virtual holders } } } }`;
const cardCounts = async (code: string) =>
  dataOf<{ cardCounts: { plastic: number; virtual: number; holders: number } }[]>(
    await world.harness.execute(COUNTS, { reps: [{ __typename: 'Organization', id: world.org(code) }] }, centralAdmin),
    '_entities',
  )[0]?.cardCounts;

beforeAll(async () => {
  world = await openCardsWorld();
  leaver = await world.admit('P77-1');
  stayer = await world.admit('P77-1');
  duplicate = await world.admit('P77-2', { lastName: 'Двойникова' });
  kept = await world.admit('P77-2', { lastName: 'Оригиналова' });
  await issuePlasticCards(world, 'R77');
  await activeVirtualCard(world, leaver);
  await world.harness.execute(
    'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { balanceKopecks } }',
    { m: leaver },
    centralAdmin,
  );
  // Events so far (admissions) change no card.
  expect((await consume()).revokedCards).toBe(0);
});
afterAll(() => world.close());

describe('cards of people who are no longer members', () => {
  it('stop counting as soon as the member leaves, before the consumer runs', async () => {
    expect(await cardCounts('R77')).toEqual({ plastic: 4, virtual: 1, holders: 4 });
    await world.exit(leaver);
    expect(await cardCounts('R77')).toEqual({ plastic: 3, virtual: 0, holders: 3 });
    const seen = dataOf<{ activeCard: unknown }[]>(
      await world.harness.execute(OPS.memberCards, { reps: [memberRep(leaver)] }, centralAdmin),
      '_entities',
    );
    expect(seen[0]?.activeCard).toBeNull();
    const plastic = await liveCard(world, leaver, 'PLASTIC');
    const partner = await world.partner();
    expect(
      dataOf(await world.harness.execute(OPS.verify, { text: plastic.number }, partner.viewer), 'verifyCard'),
    ).toEqual({
      result: 'REVOKED',
      activeMember: false,
      bonusEligible: false,
      reason: 'the holder is no longer a member',
    });
  });

  it('are revoked by the outbox consumer (actor system:member.left), once, with the bonus participation ended', async () => {
    const consumed = await consume();
    expect(consumed).toMatchObject({ processed: 1, revokedCards: 2, endedParticipations: 1 });
    const rows = await world.harness.orm.em.fork().execute<{ status: string; actor: string; from_status: string }[]>(
      `select c.status, e.actor, e.from_status from cards.union_card c join cards.card_event e on e.card_id = c.id and e.to_status = 'REVOKED'
          where c.member_id = ? order by c.kind`,
      [leaver],
    );
    expect(rows).toEqual([
      { status: 'REVOKED', actor: 'system:member.left', from_status: 'ISSUED' },
      { status: 'REVOKED', actor: 'system:member.left', from_status: 'ACTIVE' },
    ]);
    expect(await count(world.harness, 'bonus_participant', 'member_id = ? and not active', [leaver])).toBe(1);
    // Nothing new: nothing happens, the cursor stays.
    expect(await consume()).toMatchObject({ processed: 0, lastEventId: consumed.lastEventId, revokedCards: 0 });
  });

  it("never revokes a reinstated member's new card when old events are replayed", async () => {
    await reinstateMember(...world.membersAs(centralAdmin), leaver, {});
    await consume();
    const batch = dataOf<{ cardCount: number }>(
      await world.harness.execute(OPS.order, { org: world.org('P77-1') }, centralAdmin),
      'orderCardBatch',
    );
    expect(batch.cardCount).toBe(1);
    await world.harness.orm.em
      .fork()
      .execute('update cards.consumed_event_cursor set last_event_id = 0 where consumer = ?', [MEMBER_EVENTS_CONSUMER]);
    expect((await consume()).revokedCards).toBe(0);
    expect((await liveCard(world, leaver, 'PLASTIC')).status).toBe('ORDERED');
  });

  it('revokes the cards of an excluded member and of a record merged into another, not the kept one', async () => {
    await world.exit(stayer, ExitKind.EXCLUDED);
    // The two records are not the same person by the duplicate rule: a central admin states why.
    await mergeMembers(...world.membersAs(centralAdmin), kept, duplicate, 'одна учётная запись заведена дважды');
    const consumed = await consume();
    expect(consumed.revokedCards).toBe(2);
    expect(await count(world.harness, 'union_card', `member_id = ? and status = 'REVOKED'`, [stayer])).toBe(1);
    expect(await count(world.harness, 'card_event', `actor = 'system:member.merged'`)).toBe(1);
    expect(await count(world.harness, 'union_card', `member_id = ? and status = 'REVOKED'`, [duplicate])).toBe(1);
    expect((await liveCard(world, kept, 'PLASTIC')).status).toBe('ISSUED');
    expect(await cardCounts('R77')).toEqual({ plastic: 1, virtual: 0, holders: 1 });
  });

  it('processes a backlog in batches of `limit`, in id order', async () => {
    await consume();
    // Two admissions and two exits: four events.
    const more = [await world.admit('P50-1'), await world.admit('P50-1')];
    for (const id of more) await world.exit(id);
    const first = await processMemberEvents(world.harness.orm.em.fork(), { limit: 3 });
    const second = await processMemberEvents(world.harness.orm.em.fork(), { limit: 3 });
    expect([first.processed, second.processed]).toEqual([3, 1]);
    expect(second.lastEventId).toBeGreaterThan(first.lastEventId);
  });
});
