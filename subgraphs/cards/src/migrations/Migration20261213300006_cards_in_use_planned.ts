import { Migration } from '@mikro-orm/migrations';

/**
 * `cards_in_use_v1(ids, as_of)` plans its statement for the ids it is given, as the members
 * subgraph's `subtree_member_counts_v1` does since its …100120 (the reason is there: a LANGUAGE
 * sql function called with a subquery argument, as the coverage table's page calls it, is planned
 * once for an array of unknown length). Same signature, columns and rules as …300004.
 *
 * And the card history's update trigger no longer joins the statement's old rows with its new
 * ones. PostgreSQL knows nothing of a transition table's contents and joined the two in a nested
 * loop, spilled to disk: a batch of n cards cost n² comparisons, and marking a territorial
 * organization's batch of a few thousand cards issued took 20–30 s in a national load (the
 * whole step grew to hours). The old status is not needed: a card has an open period exactly
 * while it is in use, so a card that is no longer in use and has an open period closes it, and
 * one in use without an open period opens one (the partial unique index finds either). The
 * bonus program's periods are kept the same way (open exactly while the participant is active).
 */
export class Migration20261213300006CardsInUsePlanned extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function cards.cards_in_use_v1(organization_ids uuid[], as_of date)
        returns table (organization_id uuid, plastic integer, virtual integer, bonus_participants integer, bonus_participants_via_app integer)
        language plpgsql stable set search_path = cards, public as $fn$
      begin
        return query execute $sql$
          select s.ancestor_id,
                 count(*) filter (where exists (
                   select 1 from cards.card_in_use_period u join cards.union_card c on c.id = u.card_id
                    where u.member_id = p.member_id and u.kind = 'PLASTIC' and u.valid_from <= $2
                      and (u.valid_to is null or u.valid_to > $2) and c.expires_on >= $2))::int,
                 count(*) filter (where exists (
                   select 1 from cards.card_in_use_period u join cards.union_card c on c.id = u.card_id
                    where u.member_id = p.member_id and u.kind = 'VIRTUAL' and u.valid_from <= $2
                      and (u.valid_to is null or u.valid_to > $2) and c.expires_on >= $2))::int,
                 count(b.member_id)::int,
                 count(b.member_id) filter (where b.channel = 'APP')::int
            from organizations.subtree_v1 s
            join members.membership_period_v1 p on p.organization_id = s.descendant_id
             and p.valid_from <= $2 and (p.valid_to is null or p.valid_to > $2)
            join members.member_v1 m on m.id = p.member_id
            left join cards.bonus_participation_period b on b.member_id = p.member_id
             and b.valid_from <= $2 and (b.valid_to is null or b.valid_to > $2)
           where s.ancestor_id = any($1)
           group by s.ancestor_id
        $sql$ using organization_ids, as_of;
      end $fn$;`);
    this.addSql(`
      create or replace function cards.card_use_changed() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        update cards.card_in_use_period p set valid_to = greatest(p.valid_from, (now() at time zone 'UTC')::date)
          from new_rows n
         where p.card_id = n.id and p.valid_to is null and n.status not in ('ISSUED', 'ACTIVE');
        insert into cards.card_in_use_period (card_id, member_id, kind, valid_from)
        select n.id, n.member_id, n.kind, (now() at time zone 'UTC')::date
          from new_rows n
         where n.status in ('ISSUED', 'ACTIVE')
           and not exists (select from cards.card_in_use_period p where p.card_id = n.id and p.valid_to is null);
        return null;
      end $$;`);
    this.addSql(`
      create or replace function cards.bonus_participation_changed() returns trigger language plpgsql set search_path = cards, public as $$
      begin
        update cards.bonus_participation_period p set valid_to = greatest(p.valid_from, (now() at time zone 'UTC')::date)
          from new_rows n
         where p.member_id = n.member_id and p.valid_to is null and not n.active;
        insert into cards.bonus_participation_period (member_id, channel, valid_from)
        select n.member_id, n.channel, (now() at time zone 'UTC')::date
          from new_rows n
         where n.active
           and not exists (select from cards.bonus_participation_period p where p.member_id = n.member_id and p.valid_to is null);
        return null;
      end $$;`);
    // Neither update trigger reads the old rows any more: nothing keeps them for it.
    this.addSql(`drop trigger union_card_use_changed on cards.union_card;`);
    this.addSql(
      `create trigger union_card_use_changed after update on cards.union_card referencing new table as new_rows for each statement execute function cards.card_use_changed();`,
    );
    this.addSql(`drop trigger bonus_participant_changed on cards.bonus_participant;`);
    this.addSql(
      `create trigger bonus_participant_changed after update on cards.bonus_participant referencing new table as new_rows for each statement execute function cards.bonus_participation_changed();`,
    );
  }
}
