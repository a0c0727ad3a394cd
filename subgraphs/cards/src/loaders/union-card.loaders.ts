import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, today } from '@registry/lib';
import DataLoader from 'dataloader';
import { MEMBER_V1 } from '@registry/members/contract';
import { CardEvent } from '../entities/card-event';
import { USABLE_STATUSES } from '../entities/card-enums';
import { ProductionBatch } from '../entities/production-batch';
import { UnionCard } from '../entities/union-card';
import type { MemberSummary } from '../services/member-directory';
import { findMembers } from '../services/member-directory';

export interface UnionCardLoaders {
  cardsById: DataLoader<string, UnionCard | null>;
  /** Every card a member has had, newest first. */
  cardsByMemberId: DataLoader<string, UnionCard[]>;
  /**
   * Cards in use — ISSUED plastic, ACTIVE virtual, not expired — of members who are members
   * today (`member_v1` status ACTIVE): a card of someone who left is never "active".
   */
  activeCardsByMemberId: DataLoader<string, UnionCard[]>;
  eventsByCardId: DataLoader<string, CardEvent[]>;
  batchesById: DataLoader<string, ProductionBatch | null>;
  /** Membership status and organization from the members subgraph's published view. */
  memberSummariesById: DataLoader<string, MemberSummary | null>;
}

const byKey = <T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return groups;
};

/** Per-request loaders of cards, their history, batches and holders: each batch is one statement, results in key order. */
export function createUnionCardLoaders(em: EntityManager): UnionCardLoaders {
  const cardsById = new DataLoader<string, UnionCard | null>(async (ids) => {
    const found = await em.find(UnionCard, { id: { $in: [...ids] } });
    const byId = new Map(found.map((card) => [card.id, card]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const cardsByMemberId = new DataLoader<string, UnionCard[]>(async (ids) => {
    const found = await em.find(
      UnionCard,
      { memberId: { $in: [...ids] } },
      { orderBy: { createdAt: 'desc', number: 'desc' } },
    );
    const groups = byKey(found, (card) => card.memberId);
    return ids.map((id) => groups.get(id) ?? []);
  });

  const activeCardsByMemberId = new DataLoader<string, UnionCard[]>(async (ids) => {
    const rows = await em.execute<Record<string, unknown>[]>(
      `select c.* from cards.union_card c
         join ${MEMBER_V1} m on m.id = c.member_id and m.status = 'ACTIVE'
        where c.member_id = any(?::uuid[]) and c.status = any(?::text[]) and c.expires_on >= ?::date
        order by c.kind`,
      [pgArray(ids), pgArray(USABLE_STATUSES), today()],
    );
    const groups = byKey(
      rows.map((row) => em.map(UnionCard, row)),
      (card) => card.memberId,
    );
    return ids.map((id) => groups.get(id) ?? []);
  });

  const eventsByCardId = new DataLoader<string, CardEvent[]>(async (ids) => {
    const found = await em.find(CardEvent, { cardId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
    const groups = byKey(found, (event) => event.cardId);
    return ids.map((id) => groups.get(id) ?? []);
  });

  const batchesById = new DataLoader<string, ProductionBatch | null>(async (ids) => {
    const found = await em.find(ProductionBatch, { id: { $in: [...ids] } });
    const byId = new Map(found.map((batch) => [batch.id, batch]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const memberSummariesById = new DataLoader<string, MemberSummary | null>(async (ids) => {
    const found = await findMembers(em, ids);
    const byId = new Map(found.map((member) => [member.id, member]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  return { cardsById, cardsByMemberId, activeCardsByMemberId, eventsByCardId, batchesById, memberSummariesById };
}
