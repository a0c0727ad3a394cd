import {
  activateVirtualCard,
  BonusChannel,
  cardsSubgraph,
  enrollInBonusProgram,
  exportCardBatch,
  issueVirtualCard,
  markBatchIssued,
  markBatchProduced,
  orderCardBatch,
} from '@registry/cards';
import { ExitKind, membersSubgraph, recordMemberExit } from '@registry/members';
import { admitMember } from '@registry/members/testing';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, ONE_REGION, openSubgraphHarness, organizationIds, unionCsv } from '@registry/tests';
import { loadQrKeys, scopeOf } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsSubgraph } from '../src';

let harness: SubgraphHarness;
const ids = new Map<string, string>();
const id = (code: string): string => ids.get(code) ?? '';

const UNION = unionCsv(ONE_REGION);

beforeAll(async () => {
  harness = await openSubgraphHarness(statisticsSubgraph, {
    requires: [organizationsSubgraph, membersSubgraph, cardsSubgraph],
  });
  const [organizationsOrm, membersOrm, cardsOrm] = harness.others;
  if (!organizationsOrm || !membersOrm || !cardsOrm) throw new Error('subgraphs did not open');
  await importOrganizations(organizationsOrm.em.fork(), centralAdmin, UNION);
  for (const [code, value] of (await organizationIds(harness.orm.em)).ids) ids.set(code, value);
  const admitted: string[] = [];
  for (const [index, code] of ['S1', 'S1', 'S1', 'S2'].entries()) {
    const member = await membersOrm.em.fork().transactional((tx) =>
      admitMember(
        tx,
        {
          organizationId: id(code),
          lastName: 'Картова',
          firstName: `Имя${'я'.repeat(index)}`,
          birthDate: '1990-01-01',
          category: 'EMPLOYEE',
          consentVersion: '2026-01',
          bonusConsent: true,
        },
        'test',
      ),
    );
    admitted.push(member.id);
  }
  // Plastic cards for everyone in S1 and S2, issued; a virtual card and the bonus program for two.
  const batchEm = cardsOrm.em.fork();
  const batchScope = scopeOf(cardsOrm.em.fork(), centralAdmin);
  const batch = await orderCardBatch(batchEm, batchScope, id('T'));
  await exportCardBatch(batchEm, batchScope, batch.id);
  await markBatchProduced(batchEm, batchScope, batch.id);
  await markBatchIssued(batchEm, batchScope, batch.id);
  for (const memberId of admitted.slice(0, 2)) {
    const scope = scopeOf(cardsOrm.em.fork(), centralAdmin);
    const card = await issueVirtualCard(cardsOrm.em.fork(), scope, memberId);
    await activateVirtualCard(cardsOrm.em.fork(), scope, card.id, loadQrKeys(process.env));
    await enrollInBonusProgram(cardsOrm.em.fork(), scope, memberId, BonusChannel.APP);
  }
  // One holder of everything leaves: the cards subgraph has not consumed the event yet, and
  // coverage must not count them anyway.
  await recordMemberExit(
    membersOrm.em.fork(),
    scopeOf(membersOrm.em.fork(), centralAdmin),
    admitted[0] ?? '',
    ExitKind.LEFT,
    { reason: 'тест' },
  );
});
afterAll(() => harness.close());

describe('card coverage', () => {
  it('counts members holding cards in use and bonus participants, never former members, never above 100 %', async () => {
    const result = await harness.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { coverage { members { numerator }
        cards { plastic { numerator denominator ratio } virtual { numerator denominator } bonusParticipants { numerator } bonusParticipantsViaApp { numerator denominator } } } } } }`,
      { reps: ['T', 'S1', 'S2'].map((code) => ({ __typename: 'Organization', id: id(code) })) },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    const [territorial, s1, s2] = result.data?.['_entities'] as {
      coverage: {
        members: { numerator: number };
        cards: Record<string, { numerator: number; denominator: number | null; ratio?: number | null }>;
      };
    }[];
    expect(territorial?.coverage.members.numerator).toBe(3);
    expect(territorial?.coverage.cards).toEqual({
      plastic: { numerator: 3, denominator: 3, ratio: 1 },
      virtual: { numerator: 1, denominator: 3 },
      bonusParticipants: { numerator: 1 },
      bonusParticipantsViaApp: { numerator: 1, denominator: 1 },
    });
    expect(s1?.coverage.cards['plastic']).toEqual({ numerator: 2, denominator: 2, ratio: 1 });
    expect(s2?.coverage.cards['virtual']).toEqual({ numerator: 0, denominator: 1 });
  });

  it('ranks primary organizations by virtual card holders', async () => {
    const result = await harness.execute(
      `query ($parent: UUID!) { ranking(parentId: $parent, metric: VIRTUAL_CARDS, level: PRIMARY) { code numerator denominator percent } }`,
      { parent: id('R') },
      centralAdmin,
    );
    expect(result.data?.['ranking']).toEqual([
      { code: 'S1', numerator: 1, denominator: 2, percent: 50 },
      { code: 'S2', numerator: 0, denominator: 1, percent: 0 },
    ]);
  });

  it('answers a past date from card history, not with today’s figures under another name', async () => {
    // Everyone here joined and got their cards today: on an earlier day there were no members and no cards.
    const result = await harness.execute(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { coverage(asOf: "2025-01-01") { cards { plastic { numerator denominator } bonusParticipants { numerator } } } } } }`,
      { reps: [{ __typename: 'Organization', id: id('T') }] },
      centralAdmin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.['_entities']).toEqual([
      { coverage: { cards: { plastic: { numerator: 0, denominator: 0 }, bonusParticipants: { numerator: 0 } } } },
    ]);
  });
});
