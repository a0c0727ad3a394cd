import { Migration } from '@mikro-orm/migrations';

/**
 * Card serials drawn at random instead of from `card_serial_seq` (finding 12: sequential serials
 * let anyone who knows one number find its neighbours). `random_card_serial(space)` gives a
 * serial from 0 to space − 1 as 9 digits; the space is a parameter so that tests can make
 * collisions likely and prove they are retried. Callers insert with `on conflict (number) do
 * nothing` and draw again for what did not go in (services/card-issue.ts,
 * services/production-batch.service.ts).
 *
 * The randomness is `gen_random_uuid()`, core since PostgreSQL 13 and drawn from the server's
 * strong random source (`pg_strong_random`, as pgcrypto's `gen_random_bytes`), so no extension
 * has to be created in a database the subgraphs share and whose owner may not allow it. Of its
 * hex digits, the 15 before the variant digit that are not the version digit are random: 60
 * bits, whose remainder modulo 10^9 is uniform to within 10^-9.
 */
export class Migration20261124300003RandomCardSerials extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function cards.random_card_serial(space bigint default 1000000000) returns text language sql volatile parallel safe
      set search_path = cards, public as $$
        select lpad(((('x' || translate(left(u, 13), '-', '') || substr(u, 16, 3))::bit(60)::bigint) % space)::text, 9, '0')
          from (select gen_random_uuid()::text as u) as drawn
      $$;`);
    // Numbers issued so far keep their serials; nothing draws from the sequence any more.
    this.addSql(`drop sequence cards.card_serial_seq;`);
  }
}
