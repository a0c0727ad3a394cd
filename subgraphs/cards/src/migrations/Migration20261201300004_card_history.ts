import { Migration } from '@mikro-orm/migrations';

/**
 * Card history as periods, so that figures and purchases can be judged on a past date (issue 12):
 *
 * - `card_in_use_period(card_id, member_id, kind, valid_from, valid_to)`: the days a card was
 *   ISSUED (plastic) or ACTIVE (virtual), `[valid_from, valid_to)`, open while it still is. Kept by
 *   statement-level triggers on `union_card` in the transaction of every status change, whatever
 *   writes it (services, the batch statements, the members-outbox consumer), so no path can forget
 *   it; a bulk change is one insert and one update, not one per card. Expiry is not a status
 *   change: readers also require `union_card.expires_on >= as_of`.
 * - `bonus_participation_period(member_id, channel, valid_from, valid_to)`: the same for the bonus
 *   program, kept by triggers on `bonus_participant` (whose row is overwritten on re-enrollment).
 * - Existing cards and participants get their periods from `card_event` and `bonus_participant`.
 * - Published: `cards.cards_in_use_v1(organization_ids, as_of)` — per organization subtree, the
 *   members on record that day (`members.membership_period_v1`) holding a plastic / virtual card
 *   in use and taking part in the bonus program; statistics reads it for every date.
 *
 * Days are UTC days, as `today()` in lib and `issued_on` are.
 *
 * Also: partner names are unique, case-insensitively (two partners of one name were accepted).
 */
export class Migration20261201300004CardHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`set local search_path to cards, public;`);

    this.addSql(`
      create table card_in_use_period (
        id bigint generated always as identity primary key,
        card_id uuid not null references union_card (id),
        member_id uuid not null,
        kind text not null check (kind in ('PLASTIC', 'VIRTUAL')),
        valid_from date not null,
        valid_to date,
        constraint card_in_use_period_order check (valid_to is null or valid_to >= valid_from)
      );`);
    this.addSql(
      `create unique index card_in_use_period_one_open on card_in_use_period (card_id) where valid_to is null;`,
    );
    this.addSql(`create index card_in_use_period_member_idx on card_in_use_period (member_id, kind, valid_from);`);
    this.addSql(`create index card_in_use_period_card_idx on card_in_use_period (card_id, valid_from);`);

    this.addSql(`
      create table bonus_participation_period (
        id bigint generated always as identity primary key,
        member_id uuid not null,
        channel text not null check (channel in ('APP', 'ADMIN')),
        valid_from date not null,
        valid_to date,
        constraint bonus_participation_period_order check (valid_to is null or valid_to >= valid_from)
      );`);
    this.addSql(
      `create unique index bonus_participation_period_one_open on bonus_participation_period (member_id) where valid_to is null;`,
    );
    this.addSql(
      `create index bonus_participation_period_member_idx on bonus_participation_period (member_id, valid_from);`,
    );

    // Backfill before the triggers exist: each event into ISSUED/ACTIVE opens a period, the card's
    // next event closes it (every status change so far wrote card_event).
    this.addSql(`
      insert into card_in_use_period (card_id, member_id, kind, valid_from, valid_to)
      select e.card_id, c.member_id, c.kind, (e.occurred_at at time zone 'UTC')::date,
             greatest((e.occurred_at at time zone 'UTC')::date,
                      coalesce((e.next_at at time zone 'UTC')::date,
                               case when c.status not in ('ISSUED', 'ACTIVE') then (c.updated_at at time zone 'UTC')::date end))
        from (select card_id, to_status, occurred_at, lead(occurred_at) over (partition by card_id order by id) as next_at
                from card_event) e
        join union_card c on c.id = e.card_id
       where e.to_status in ('ISSUED', 'ACTIVE');`);
    this.addSql(`
      insert into bonus_participation_period (member_id, channel, valid_from, valid_to)
      select member_id, channel, (enrolled_at at time zone 'UTC')::date,
             case when active then null else greatest((enrolled_at at time zone 'UTC')::date, coalesce((left_at at time zone 'UTC')::date, (enrolled_at at time zone 'UTC')::date)) end
        from bonus_participant;`);

    // In use: ISSUED (plastic only) or ACTIVE (virtual only), by the table's check constraints.
    this.addSql(`
      create function card_use_opened() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        insert into cards.card_in_use_period (card_id, member_id, kind, valid_from)
        select n.id, n.member_id, n.kind, (now() at time zone 'UTC')::date
          from new_rows n
         where n.status in ('ISSUED', 'ACTIVE');
        return null;
      end $$;`);
    this.addSql(`
      create function card_use_changed() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        update cards.card_in_use_period p set valid_to = greatest(p.valid_from, (now() at time zone 'UTC')::date)
          from old_rows o join new_rows n on n.id = o.id
         where p.card_id = n.id and p.valid_to is null
           and o.status in ('ISSUED', 'ACTIVE') and n.status not in ('ISSUED', 'ACTIVE');
        insert into cards.card_in_use_period (card_id, member_id, kind, valid_from)
        select n.id, n.member_id, n.kind, (now() at time zone 'UTC')::date
          from new_rows n join old_rows o on o.id = n.id
         where n.status in ('ISSUED', 'ACTIVE') and o.status not in ('ISSUED', 'ACTIVE');
        return null;
      end $$;`);
    this.addSql(
      `create trigger union_card_use_opened after insert on union_card referencing new table as new_rows for each statement execute function card_use_opened();`,
    );
    this.addSql(
      `create trigger union_card_use_changed after update on union_card referencing old table as old_rows new table as new_rows for each statement execute function card_use_changed();`,
    );

    this.addSql(`
      create function bonus_participation_opened() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        insert into cards.bonus_participation_period (member_id, channel, valid_from)
        select n.member_id, n.channel, (now() at time zone 'UTC')::date from new_rows n where n.active;
        return null;
      end $$;`);
    this.addSql(`
      create function bonus_participation_changed() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        update cards.bonus_participation_period p set valid_to = greatest(p.valid_from, (now() at time zone 'UTC')::date)
          from old_rows o join new_rows n on n.member_id = o.member_id
         where p.member_id = n.member_id and p.valid_to is null and o.active and not n.active;
        insert into cards.bonus_participation_period (member_id, channel, valid_from)
        select n.member_id, n.channel, (now() at time zone 'UTC')::date
          from new_rows n join old_rows o on o.member_id = n.member_id
         where n.active and not o.active;
        return null;
      end $$;`);
    this.addSql(
      `create trigger bonus_participant_opened after insert on bonus_participant referencing new table as new_rows for each statement execute function bonus_participation_opened();`,
    );
    this.addSql(
      `create trigger bonus_participant_changed after update on bonus_participant referencing old table as old_rows new table as new_rows for each statement execute function bonus_participation_changed();`,
    );

    // The contract statistics reads. Members on record that day are those of
    // members.membership_period_v1 (as statistics counts them), so no share exceeds 100 %.
    this.addSql(`
      create function cards.cards_in_use_v1(organization_ids uuid[], as_of date)
        returns table (organization_id uuid, plastic integer, virtual integer, bonus_participants integer, bonus_participants_via_app integer)
        language sql stable set search_path = cards, public as $$
        select s.ancestor_id,
               count(*) filter (where exists (
                 select 1 from cards.card_in_use_period u join cards.union_card c on c.id = u.card_id
                  where u.member_id = p.member_id and u.kind = 'PLASTIC' and u.valid_from <= as_of
                    and (u.valid_to is null or u.valid_to > as_of) and c.expires_on >= as_of))::int,
               count(*) filter (where exists (
                 select 1 from cards.card_in_use_period u join cards.union_card c on c.id = u.card_id
                  where u.member_id = p.member_id and u.kind = 'VIRTUAL' and u.valid_from <= as_of
                    and (u.valid_to is null or u.valid_to > as_of) and c.expires_on >= as_of))::int,
               count(b.member_id)::int,
               count(b.member_id) filter (where b.channel = 'APP')::int
          from organizations.subtree_v1 s
          join members.membership_period_v1 p on p.organization_id = s.descendant_id
           and p.valid_from <= as_of and (p.valid_to is null or p.valid_to > as_of)
          join members.member_v1 m on m.id = p.member_id
          left join cards.bonus_participation_period b on b.member_id = p.member_id
           and b.valid_from <= as_of and (b.valid_to is null or b.valid_to > as_of)
         where s.ancestor_id = any(organization_ids)
         group by s.ancestor_id
      $$;`);
    this.addSql(
      `comment on function cards.cards_in_use_v1(uuid[], date) is 'Published to other subgraphs: per organization subtree, members on record on as_of holding a plastic / virtual card in use that day and bonus participants that day (all / enrolled in the app)'`,
    );

    // Partners with one name, differing only in case, are renamed before the index holds: the
    // later ones get their id's first 8 characters appended.
    this.addSql(`
      update partner p set name = left(p.name, 190) || ' (' || left(p.id::text, 8) || ')'
        from (select id, row_number() over (partition by lower(name) order by created_at, id) as n from partner) d
       where d.id = p.id and d.n > 1;`);
    this.addSql(`create unique index partner_name_unique on partner (lower(name));`);
  }
}
