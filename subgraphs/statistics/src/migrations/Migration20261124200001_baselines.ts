import { Migration } from '@mikro-orm/migrations';

/**
 * Figures of the yearly statistical report (статотчёт) as the organizations stated them: the
 * denominators of coverage. Where an organization stated nothing for a date, its figure is the
 * sum of its children's (see services/coverage-figures.ts).
 */
export class Migration20261124200001Baselines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists statistics;`);
    this.addSql(`
      create table statistics.report_baseline (
        organization_id uuid not null,
        report_date date not null,
        members integer not null check (members >= 0),
        employees integer not null default 0 check (employees >= 0),
        students integer not null default 0 check (students >= 0),
        primary_organizations integer not null default 0 check (primary_organizations >= 0),
        territorial_organizations integer not null default 0 check (territorial_organizations >= 0),
        entered_by varchar(200),
        entered_at timestamptz not null default now(),
        primary key (organization_id, report_date),
        check (employees + students <= members)
      );`);
    this.addSql(`create index report_baseline_date_idx on statistics.report_baseline (report_date, organization_id);`);
  }
}
