import { Migration } from '@mikro-orm/migrations';

/**
 * The national summary: the central council's form adds up the regions' submitted forms like
 * every other parent form, so the level CENTRAL gets a template of its own.
 */
export class Migration20261201200002NationalForm extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table statistics.form_template drop constraint form_template_level_check;`);
    this.addSql(
      `alter table statistics.form_template add constraint form_template_level_check check (level in ('PRIMARY', 'TERRITORIAL', 'REGIONAL', 'CENTRAL'));`,
    );
    // The regional layout, with regional organizations first: one template reads like the others.
    this.addSql(`
      insert into statistics.form_template (code, version, title, level, primary_types, rows)
      select 'СВОД-СП', 1, 'Сводный статистический отчёт Общероссийского Профсоюза образования', 'CENTRAL', null,
             jsonb_insert(rows, '{8}', '{"key": "regional_organizations", "label": "Региональных организаций", "formula": "organizations.regional"}'::jsonb)
        from statistics.form_template where code = '1-СП' and version = 1;`);
  }
}
