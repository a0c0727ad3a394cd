import type { EntityManager } from '@mikro-orm/postgresql';
import { memoized, pgArray } from '@registry/lib';
import DataLoader from 'dataloader';
import { BonusLedgerEntry } from '../entities/bonus-ledger-entry';
import { BonusParticipant } from '../entities/bonus-participant';

export interface BonusParticipantLoaders {
  participantsByMemberId: DataLoader<string, BonusParticipant | null>;
  /** Sum of the member's ledger, in kopecks. */
  balancesByMemberId: DataLoader<string, number>;
  /** The member's latest ledger entries, newest first; one loader per page size. */
  ledgerByMemberId(limit: number): DataLoader<string, BonusLedgerEntry[]>;
}

/** Per-request loaders of the bonus program's participants and their ledgers: each batch is one statement, results in key order. */
export function createBonusParticipantLoaders(em: EntityManager): BonusParticipantLoaders {
  const participantsByMemberId = new DataLoader<string, BonusParticipant | null>(async (ids) => {
    const found = await em.find(BonusParticipant, { memberId: { $in: [...ids] } });
    const byId = new Map(found.map((participant) => [participant.memberId, participant]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const balancesByMemberId = new DataLoader<string, number>(async (ids) => {
    const rows = await em.execute<{ member_id: string; balance: string }[]>(
      'select member_id, sum(amount_kopecks)::bigint as balance from cards.bonus_ledger where member_id = any(?::uuid[]) group by member_id',
      [pgArray(ids)],
    );
    const byId = new Map(rows.map((row) => [row.member_id, Number(row.balance)]));
    return ids.map((id) => byId.get(id) ?? 0);
  });

  const ledgerByMemberId = memoized(
    (limit: number) =>
      new DataLoader<string, BonusLedgerEntry[]>(async (ids) => {
        const rows = await em.execute<Record<string, unknown>[]>(
          `select l.* from unnest(?::uuid[]) as o(id)
           cross join lateral (select * from cards.bonus_ledger where member_id = o.id order by id desc limit ?) l`,
          [pgArray(ids), limit],
        );
        const groups = new Map<string, BonusLedgerEntry[]>();
        for (const entry of rows.map((row) => em.map(BonusLedgerEntry, row))) {
          const list = groups.get(entry.memberId) ?? [];
          list.push(entry);
          groups.set(entry.memberId, list);
        }
        return ids.map((id) => groups.get(id) ?? []);
      }),
  );

  return { participantsByMemberId, balancesByMemberId, ledgerByMemberId };
}
