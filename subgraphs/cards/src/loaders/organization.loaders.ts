import type { EntityManager } from '@mikro-orm/postgresql';
import { memoized, pgArray, today } from '@registry/lib';
import DataLoader from 'dataloader';
import { MEMBER_V1 } from '@registry/members/contract';
import { SUBTREE_V1 } from '@registry/organizations/contract';

/** Cards in use of today's members in an organization's subtree. */
export interface CardCounts {
  plastic: number;
  virtual: number;
  /** Members with at least one card in use (a plastic card and its virtual duplicate count once). */
  holders: number;
}

/** The bonus program in an organization's subtree; money in kopecks. */
export interface BonusFigures {
  /** Today's members enrolled in the program (and still consenting). */
  participants: number;
  participantsViaApp: number;
  /** Purchases in the period, by the organization the buyer belonged to when reported. */
  purchases: number;
  purchaseSumKopecks: number;
  cashbackSumKopecks: number;
}

/** A period of purchases: ISO instants, `from` inclusive, `until` exclusive; null for open ends. */
export interface FiguresPeriod {
  from: string | null;
  until: string | null;
}

export interface OrganizationLoaders {
  cardCountsByOrganizationId: DataLoader<string, CardCounts>;
  bonusFiguresByOrganizationId(period: FiguresPeriod): DataLoader<string, BonusFigures>;
}

const safeNumber = (value: string | number): number => {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`Expected a whole number below 2^53, got ${value}`);
  return number;
};

/**
 * Roll-ups over organization subtrees, one statement per batch of organizations (the gateway asks
 * for a whole level of the tree at once). Members count only while `member_v1` says ACTIVE.
 */
export function createOrganizationLoaders(em: EntityManager): OrganizationLoaders {
  const cardCountsByOrganizationId = new DataLoader<string, CardCounts>(async (ids) => {
    const rows = await em.execute<(CardCounts & { id: string })[]>(
      `select s.ancestor_id as id,
              count(*) filter (where c.kind = 'PLASTIC')::int as "plastic",
              count(*) filter (where c.kind = 'VIRTUAL')::int as "virtual",
              count(distinct c.member_id)::int as "holders"
         from ${SUBTREE_V1} s
         join ${MEMBER_V1} m on m.organization_id = s.descendant_id and m.status = 'ACTIVE'
         join cards.union_card c on c.member_id = m.id and c.status in ('ISSUED', 'ACTIVE') and c.expires_on >= ?::date
        where s.ancestor_id = any(?::uuid[])
        group by s.ancestor_id`,
      [today(), pgArray(ids)],
    );
    const byId = new Map(rows.map(({ id, ...counts }) => [id, counts]));
    return ids.map((id) => byId.get(id) ?? { plastic: 0, virtual: 0, holders: 0 });
  });

  const bonusFiguresByOrganizationId = memoized(
    (period: FiguresPeriod) =>
      new DataLoader<string, BonusFigures>(async (ids) => {
        const rows = await em.execute<
          {
            id: string;
            participants: number;
            via_app: number;
            purchases: number;
            purchase_sum: string;
            cashback_sum: string;
          }[]
        >(
          `with roots as (select unnest(?::uuid[]) as id),
           enrolled as (
             select s.ancestor_id as id, count(*)::int as participants, count(*) filter (where p.channel = 'APP')::int as via_app
               from roots r
               join ${SUBTREE_V1} s on s.ancestor_id = r.id
               join ${MEMBER_V1} m on m.organization_id = s.descendant_id and m.status = 'ACTIVE' and m.bonus_consent
               join cards.bonus_participant p on p.member_id = m.id and p.active
              group by s.ancestor_id),
           bought as (
             select s.ancestor_id as id, count(*)::int as purchases, sum(pu.amount_kopecks)::bigint as purchase_sum,
                    sum((select coalesce(sum(l.amount_kopecks), 0) from cards.bonus_ledger l where l.purchase_id = pu.id))::bigint as cashback_sum
               from roots r
               join ${SUBTREE_V1} s on s.ancestor_id = r.id
               join cards.purchase pu on pu.organization_id = s.descendant_id
              where (?::timestamptz is null or pu.occurred_at >= ?::timestamptz)
                and (?::timestamptz is null or pu.occurred_at < ?::timestamptz)
              group by s.ancestor_id)
           select r.id, coalesce(e.participants, 0) as participants, coalesce(e.via_app, 0) as via_app,
                  coalesce(b.purchases, 0) as purchases, coalesce(b.purchase_sum, 0) as purchase_sum, coalesce(b.cashback_sum, 0) as cashback_sum
             from roots r left join enrolled e on e.id = r.id left join bought b on b.id = r.id`,
          [pgArray(ids), period.from, period.from, period.until, period.until],
        );
        const byId = new Map(
          rows.map((row) => [
            row.id,
            {
              participants: row.participants,
              participantsViaApp: row.via_app,
              purchases: row.purchases,
              purchaseSumKopecks: safeNumber(row.purchase_sum),
              cashbackSumKopecks: safeNumber(row.cashback_sum),
            },
          ]),
        );
        return ids.map(
          (id) =>
            byId.get(id) ?? {
              participants: 0,
              participantsViaApp: 0,
              purchases: 0,
              purchaseSumKopecks: 0,
              cashbackSumKopecks: 0,
            },
        );
      }),
  );

  return { cardCountsByOrganizationId, bonusFiguresByOrganizationId };
}
