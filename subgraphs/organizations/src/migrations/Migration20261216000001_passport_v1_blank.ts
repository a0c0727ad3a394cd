import { Migration } from '@mikro-orm/migrations';

/**
 * passport_v1 counted a field as filled when it was not null, services/passport.ts when it has a
 * character other than white space (`trim().length > 0`): a chair's name of "   " was missing on
 * the organization's passport and filled in the statistics' completeness. The view now follows
 * the TypeScript rule; the class is ECMAScript's white space and line terminators, which `trim()`
 * removes (PostgreSQL's `btrim` removes spaces only). Same columns; test/contract.test.ts compares
 * the two row by row.
 */
export class Migration20261216000001PassportV1Blank extends Migration {
  override async up(): Promise<void> {
    const filled = (column: string): string =>
      `(coalesce(${column}, '') ~ '[^ \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]')::int`;
    this.addSql(`
      create or replace view organizations.passport_v1 as
        select id as organization_id,
               ${filled('short_name')} + ${filled('address')} + ${filled('inn')}
                 + ${filled('ogrn')} + ${filled('chair_name')} + ${filled('chair_phone')}
                 + ${filled('chair_email')}
                 + case when level = 'CENTRAL' then 0 else ${filled('subject_code')} end as filled,
               case when level = 'CENTRAL' then 7 else 8 end as required
          from organizations.organization;`);
  }
}
