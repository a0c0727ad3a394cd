import { Migration } from '@mikro-orm/migrations';

/**
 * Membership records, their history as periods and events, online applications, the outbox of
 * domain events and the audit log of personal-data reads. Organizations are referenced by id
 * only (they belong to the organizations subgraph); their level and tree are read through its
 * published views (`organizations.organization_v1`, `organizations.subtree_v1`).
 */
export class Migration20261124100001Members extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists members;`);
    this.addSql(`set local search_path to members, public;`);
    this.addSql(`create sequence registration_number_seq;`);
    this.addSql(`
      create table member (
        id uuid primary key default gen_random_uuid(),
        registration_number varchar(20) not null unique,
        last_name varchar(100) not null,
        first_name varchar(100) not null,
        middle_name varchar(100),
        birth_date date not null,
        sex char(1) check (sex in ('M', 'F')),
        phone varchar(20),
        email varchar(254),
        snils char(11) check (snils ~ '^[0-9]{11}$'),
        category text not null check (category in ('EMPLOYEE', 'STUDENT', 'NON_WORKING_PENSIONER', 'TEMPORARILY_NOT_WORKING')),
        position varchar(200),
        organization_id uuid not null,
        joined_on date not null,
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'LEFT', 'EXCLUDED', 'DECEASED', 'MERGED')),
        status_changed_on date,
        merged_into_id uuid references member (id),
        consent_version varchar(20) not null,
        consent_given_on date not null,
        bonus_consent boolean not null default false,
        bonus_consent_on date,
        guardian_name varchar(300),
        guardian_consent_on date,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    // SNILS identifies one person: unique among active members, free again after they leave.
    this.addSql(
      `create unique index member_snils_active on member (snils) where status = 'ACTIVE' and snils is not null;`,
    );
    this.addSql(
      `create index member_organization_status_idx on member (organization_id, status, last_name, first_name, id);`,
    );
    this.addSql(`create index member_person_idx on member (lower(last_name), lower(first_name), birth_date);`);

    // Where a member belonged and when: answers "members of X on date D" without replaying events.
    this.addSql(`
      create table membership_period (
        id bigint generated always as identity primary key,
        member_id uuid not null references member (id),
        organization_id uuid not null,
        valid_from date not null,
        valid_to date,
        check (valid_to is null or valid_to >= valid_from)
      );`);
    this.addSql(
      `create index membership_period_organization_idx on membership_period (organization_id, valid_from, valid_to);`,
    );
    this.addSql(`create unique index membership_period_open on membership_period (member_id) where valid_to is null;`);

    this.addSql(`
      create table membership_event (
        id bigint generated always as identity primary key,
        member_id uuid not null references member (id),
        kind text not null check (kind in ('ADMITTED', 'TRANSFERRED', 'LEFT', 'EXCLUDED', 'DECEASED', 'REINSTATED', 'MERGED', 'IMPORTED')),
        occurred_on date not null,
        organization_id uuid,
        from_organization_id uuid,
        reason varchar(1000),
        actor varchar(200),
        recorded_at timestamptz not null default now()
      );`);
    this.addSql(`create index membership_event_member_idx on membership_event (member_id, id);`);

    this.addSql(`
      create table membership_application (
        id uuid primary key default gen_random_uuid(),
        status text not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED')),
        organization_id uuid not null,
        last_name varchar(100) not null,
        first_name varchar(100) not null,
        middle_name varchar(100),
        birth_date date not null,
        sex char(1) check (sex in ('M', 'F')),
        phone varchar(20),
        email varchar(254),
        snils char(11),
        category text not null,
        position varchar(200),
        consent_version varchar(20) not null,
        bonus_consent boolean not null default false,
        guardian_name varchar(300),
        submitted_at timestamptz not null default now(),
        decided_at timestamptz,
        decided_by varchar(200),
        rejection_reason varchar(1000),
        member_id uuid references member (id)
      );`);
    this.addSql(
      `create index membership_application_org_idx on membership_application (organization_id, status, submitted_at);`,
    );
    this.addSql(
      `create index membership_application_person_idx on membership_application (lower(last_name), lower(first_name), birth_date) where status = 'PENDING';`,
    );

    // Transactional outbox: written in the same transaction as the change it announces.
    this.addSql(`
      create table outbox_event (
        id bigint generated always as identity primary key,
        type varchar(100) not null,
        aggregate_id uuid not null,
        payload jsonb not null,
        occurred_at timestamptz not null default now(),
        published_at timestamptz
      );`);
    this.addSql(`create index outbox_event_unpublished_idx on outbox_event (id) where published_at is null;`);

    this.addSql(`
      create table personal_data_access (
        id bigint generated always as identity primary key,
        actor varchar(200) not null,
        roles text[] not null,
        member_ids uuid[] not null,
        purpose varchar(100) not null,
        accessed_at timestamptz not null default now()
      );`);
  }
}
