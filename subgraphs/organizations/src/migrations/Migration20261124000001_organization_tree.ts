import { Migration } from '@mikro-orm/migrations';

/**
 * The union's tree: adjacency (`parent_id`) for writes plus a closure table for reads, so a whole
 * subtree, the ancestors of a node and per-level descendant counts are each one indexed SQL
 * statement. Triggers keep the closure table right whatever writes the tree (services, the bulk
 * import, hand-written SQL), so no code path can forget it. See docs/architecture.md.
 */
export class Migration20261124000001OrganizationTree extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists organizations;`);
    // Unqualified names below live in the subgraph's own schema.
    this.addSql(`set local search_path to organizations, public;`);
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(`
      create table organization (
        id uuid primary key default gen_random_uuid(),
        code varchar(32) not null,
        name varchar(500) not null,
        short_name varchar(200),
        level text not null check (level in ('CENTRAL', 'REGIONAL', 'TERRITORIAL', 'PRIMARY')),
        primary_type text check (primary_type in
          ('SCHOOL', 'PRESCHOOL', 'HIGHER_EDUCATION', 'VOCATIONAL', 'SUPPLEMENTARY_EDUCATION', 'STUDENTS', 'OTHER')),
        parent_id uuid references organization (id),
        subject_code char(2) check (subject_code ~ '^[0-9]{2}$'),
        address varchar(1000),
        inn varchar(12) check (inn ~ '^[0-9]{10}([0-9]{2})?$'),
        ogrn varchar(15) check (ogrn ~ '^[0-9]{13}([0-9]{2})?$'),
        chair_name varchar(300),
        chair_phone varchar(20),
        chair_email varchar(254),
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'LIQUIDATED', 'MERGED')),
        merged_into_id uuid references organization (id),
        closed_on date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint organization_code_unique unique (code),
        constraint organization_root_has_no_parent check ((level = 'CENTRAL') = (parent_id is null)),
        constraint organization_primary_has_type check ((level = 'PRIMARY') = (primary_type is not null)),
        constraint organization_merged_has_target check ((status = 'MERGED') = (merged_into_id is not null))
      );`);
    // Exactly one central council.
    this.addSql(`create unique index organization_single_root on organization ((true)) where level = 'CENTRAL';`);
    this.addSql(`create index organization_parent_idx on organization (parent_id, name);`);
    this.addSql(`create index organization_level_name_idx on organization (level, name, id);`);
    this.addSql(`create index organization_subject_idx on organization (subject_code);`);
    this.addSql(`create index organization_name_trgm on organization using gin (name public.gin_trgm_ops);`);

    this.addSql(`
      create table organization_closure (
        ancestor_id uuid not null references organization (id) on delete cascade,
        descendant_id uuid not null references organization (id) on delete cascade,
        depth smallint not null check (depth >= 0),
        primary key (ancestor_id, descendant_id)
      );`);
    this.addSql(`create index organization_closure_descendant_idx on organization_closure (descendant_id, depth);`);

    this.addSql(`
      create function organization_closure_on_insert() returns trigger language plpgsql
      set search_path = organizations, public as $$
      begin
        insert into organization_closure (ancestor_id, descendant_id, depth)
          select new.id, new.id, 0
          union all
          select c.ancestor_id, new.id, c.depth + 1 from organization_closure c where c.descendant_id = new.parent_id;
        return null;
      end $$;`);
    this.addSql(`
      create trigger organization_closure_insert after insert on organization
        for each row execute function organization_closure_on_insert();`);

    // Moving a subtree: detach it from its old ancestors, attach it under the new parent's chain.
    this.addSql(`
      create function organization_closure_on_move() returns trigger language plpgsql
      set search_path = organizations, public as $$
      begin
        if exists (select 1 from organization_closure where ancestor_id = new.id and descendant_id = new.parent_id) then
          raise exception 'organization % cannot move under its own descendant %', new.id, new.parent_id
            using errcode = 'check_violation';
        end if;
        delete from organization_closure c
          using organization_closure sub, organization_closure sup
          where sub.ancestor_id = new.id and c.descendant_id = sub.descendant_id
            and sup.descendant_id = new.id and sup.ancestor_id <> new.id and c.ancestor_id = sup.ancestor_id;
        insert into organization_closure (ancestor_id, descendant_id, depth)
          select sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
          from organization_closure sup cross join organization_closure sub
          where sup.descendant_id = new.parent_id and sub.ancestor_id = new.id;
        return null;
      end $$;`);
    this.addSql(`
      create trigger organization_closure_move after update of parent_id on organization
        for each row when (old.parent_id is distinct from new.parent_id)
        execute function organization_closure_on_move();`);

    // History: every change with its actor, so merges and moves can be traced afterwards.
    this.addSql(`
      create table organization_event (
        id bigint generated always as identity primary key,
        organization_id uuid not null references organization (id),
        kind text not null check (kind in ('CREATED', 'UPDATED', 'MOVED', 'LIQUIDATED', 'MERGED', 'IMPORTED')),
        actor varchar(200),
        occurred_at timestamptz not null default now(),
        data jsonb not null default '{}'
      );`);
    this.addSql(
      `create index organization_event_organization_idx on organization_event (organization_id, occurred_at);`,
    );
  }
}
