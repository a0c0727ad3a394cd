import { Migration } from '@mikro-orm/migrations';

/**
 * Member sign-in by one-time code (issue 12). A code is stored only as an HMAC (keyed with the
 * internal secret, salted per code), so a read of this table gives nobody a way in. A code lives
 * minutes, allows a few attempts, and is used once; requesting a new one voids the old.
 *
 * Logins are a registration number (already unique), an e-mail or a phone of an active member:
 * the two partial indexes keep the look-up one index probe whoever asks.
 */
export class Migration20261210100091MemberSignIn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table members.sign_in_code (
        id bigint generated always as identity primary key,
        member_id uuid not null references members.member (id),
        channel varchar(10) not null check (channel in ('EMAIL', 'SMS')),
        salt bytea not null,
        code_hash bytea not null,
        attempts int not null default 0,
        expires_at timestamptz not null,
        used_at timestamptz,
        voided_at timestamptz,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`create index sign_in_code_member_idx on members.sign_in_code (member_id, id desc);`);
    this.addSql(
      `create index member_active_email_idx on members.member (email) where status = 'ACTIVE' and email is not null;`,
    );
    this.addSql(
      `create index member_active_phone_idx on members.member (phone) where status = 'ACTIVE' and phone is not null;`,
    );
  }
}
