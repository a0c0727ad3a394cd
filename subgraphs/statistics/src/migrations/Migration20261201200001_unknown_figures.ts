import { Migration } from '@mikro-orm/migrations';

/**
 * A figure the report does not give is unknown (null), never 0: a report giving only member
 * counts could not be loaded, and a stored 0 read as "no primary organizations" and made coverage
 * look complete. The checks still hold for the figures that are known (a check on null passes).
 */
export class Migration20261201200001UnknownFigures extends Migration {
  override async up(): Promise<void> {
    for (const column of ['members', 'employees', 'students', 'primary_organizations', 'territorial_organizations']) {
      this.addSql(
        `alter table statistics.report_baseline alter column ${column} drop not null, alter column ${column} drop default;`,
      );
    }
  }
}
