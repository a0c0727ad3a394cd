import { Migration } from '@mikro-orm/migrations';

/**
 * Union cards (ЭПБ) with their history, production batches, partners of the bonus program, their
 * purchases and the cashback ledger, and the cursor of the members outbox this subgraph consumes.
 * Members and organizations are referenced by id only; they are read through the owners'
 * published views (`members.member_v1`, `organizations.organization_v1`, `subtree_v1`).
 * Money is integer kopecks (bigint) everywhere: never floats. See docs/architecture.md, "Cards".
 */
export class Migration20261124300001Cards extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists cards;`);
    // Unqualified names below live in the subgraph's own schema.
    this.addSql(`set local search_path to cards, public;`);

    // Luhn check digit of a card number's first 15 digits: doubling starts at the rightmost one.
    this.addSql(`
      create function luhn_check_digit(body text) returns text language sql immutable strict parallel safe
      set search_path = cards, public as $$
        select ((10 - sum(case when (length(body) - i) % 2 = 0
                               then case when d * 2 > 9 then d * 2 - 9 else d * 2 end
                               else d end) % 10) % 10)::text
          from (select i, substr(body, i, 1)::int as d from generate_series(1, length(body)) as i) as digits
      $$;`);
    // The 9-digit serial part of card numbers (see docs: prefix 9643, region, serial, check digit).
    this.addSql(`create sequence card_serial_seq minvalue 1 maxvalue 999999999 no cycle;`);

    this.addSql(`
      create table production_batch (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null,
        kind text not null default 'PLASTIC' check (kind = 'PLASTIC'),
        status text not null default 'ORDERED' check (status in ('ORDERED', 'IN_PRODUCTION', 'PRODUCED', 'ISSUED')),
        card_count integer not null default 0 check (card_count >= 0),
        ordered_by varchar(200),
        ordered_at timestamptz not null default now(),
        exported_at timestamptz,
        produced_at timestamptz,
        issued_at timestamptz
      );`);
    this.addSql(`create index production_batch_organization_idx on production_batch (organization_id, ordered_at);`);

    this.addSql(`
      create table union_card (
        id uuid primary key default gen_random_uuid(),
        number char(16) not null unique
          check (number ~ '^[0-9]{16}$' and right(number, 1) = luhn_check_digit(left(number, 15))),
        member_id uuid not null,
        kind text not null check (kind in ('PLASTIC', 'VIRTUAL')),
        status text not null default 'ORDERED'
          check (status in ('ORDERED', 'IN_PRODUCTION', 'ISSUED', 'ACTIVE', 'BLOCKED', 'LOST', 'REPLACED', 'REVOKED')),
        batch_id uuid references production_batch (id),
        replaces_id uuid references union_card (id),
        duplicates_id uuid references union_card (id),
        issued_on date,
        expires_on date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint union_card_batch_is_plastic check (batch_id is null or kind = 'PLASTIC'),
        constraint union_card_duplicate_is_virtual check (duplicates_id is null or kind = 'VIRTUAL'),
        constraint union_card_issued_is_plastic check (status <> 'ISSUED' or kind = 'PLASTIC'),
        constraint union_card_active_is_virtual check (status <> 'ACTIVE' or kind = 'VIRTUAL'),
        constraint union_card_in_use_has_dates check (status not in ('ISSUED', 'ACTIVE') or (issued_on is not null and expires_on is not null))
      );`);
    // At most one card of each kind in its life (not lost, replaced or revoked) per member; the
    // services check first for a clear error, this index holds under concurrency.
    this.addSql(`
      create unique index union_card_one_live_per_kind on union_card (member_id, kind)
        where status in ('ORDERED', 'IN_PRODUCTION', 'ISSUED', 'ACTIVE', 'BLOCKED');`);
    this.addSql(`create index union_card_member_idx on union_card (member_id, created_at);`);
    this.addSql(`create index union_card_batch_idx on union_card (batch_id) where batch_id is not null;`);

    this.addSql(`
      create table card_event (
        id bigint generated always as identity primary key,
        card_id uuid not null references union_card (id),
        from_status text,
        to_status text not null,
        reason varchar(1000),
        actor varchar(200),
        occurred_at timestamptz not null default now()
      );`);
    this.addSql(`create index card_event_card_idx on card_event (card_id, id);`);

    this.addSql(`
      create table partner (
        id uuid primary key default gen_random_uuid(),
        name varchar(200) not null,
        category varchar(100) not null,
        cashback_rate_bp integer not null check (cashback_rate_bp between 1 and 5000),
        regions text[] not null default '{}',
        active boolean not null default true,
        api_key_hash char(64) not null unique,
        api_key_prefix varchar(8) not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);

    this.addSql(`
      create table bonus_participant (
        member_id uuid primary key,
        channel text not null check (channel in ('APP', 'ADMIN')),
        active boolean not null default true,
        enrolled_at timestamptz not null default now(),
        enrolled_by varchar(200),
        left_at timestamptz
      );`);

    this.addSql(`
      create table purchase (
        id uuid primary key default gen_random_uuid(),
        partner_id uuid not null references partner (id),
        idempotency_key varchar(100) not null,
        request_hash char(64) not null,
        card_id uuid not null references union_card (id),
        member_id uuid not null,
        organization_id uuid not null,
        amount_kopecks bigint not null check (amount_kopecks > 0 and amount_kopecks <= 1000000000),
        cashback_rate_bp integer not null,
        cashback_kopecks bigint not null check (cashback_kopecks >= 0 and cashback_kopecks <= amount_kopecks),
        occurred_at timestamptz not null,
        recorded_at timestamptz not null default now(),
        constraint purchase_idempotency_key unique (partner_id, idempotency_key)
      );`);
    this.addSql(`create index purchase_member_idx on purchase (member_id, occurred_at);`);
    this.addSql(`create index purchase_organization_idx on purchase (organization_id, occurred_at);`);

    this.addSql(`
      create table bonus_ledger (
        id bigint generated always as identity primary key,
        member_id uuid not null,
        partner_id uuid references partner (id),
        purchase_id uuid references purchase (id),
        kind text not null check (kind in ('ACCRUAL', 'REVERSAL')),
        amount_kopecks bigint not null,
        created_at timestamptz not null default now(),
        constraint bonus_ledger_sign check ((kind = 'ACCRUAL' and amount_kopecks > 0) or (kind = 'REVERSAL' and amount_kopecks < 0))
      );`);
    // A purchase accrues once, whatever retries the partner sends.
    this.addSql(`create unique index bonus_ledger_one_accrual on bonus_ledger (purchase_id) where kind = 'ACCRUAL';`);
    this.addSql(`create index bonus_ledger_member_idx on bonus_ledger (member_id, id);`);
    // Figures sum each purchase's entries (accrual and any reversals) by purchase.
    this.addSql(`create index bonus_ledger_purchase_idx on bonus_ledger (purchase_id) where purchase_id is not null;`);

    this.addSql(`
      create table consumed_event_cursor (
        consumer text primary key,
        last_event_id bigint not null default 0,
        updated_at timestamptz not null default now()
      );`);
  }
}
