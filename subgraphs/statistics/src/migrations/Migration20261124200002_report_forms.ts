import { Migration } from '@mikro-orm/migrations';

/**
 * Report forms (5-СП … 1-СП): their layouts as data, since the union changes its forms, and the
 * forms organizations generate from the registry and submit.
 */
export class Migration20261124200002ReportForms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table statistics.form_template (
        code varchar(20) not null,
        version integer not null,
        title varchar(300) not null,
        level text not null check (level in ('PRIMARY', 'TERRITORIAL', 'REGIONAL')),
        primary_types text[],
        rows jsonb not null,
        primary key (code, version)
      );`);
    this.addSql(`
      create table statistics.report_form (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null,
        form_code varchar(20) not null,
        form_version integer not null,
        report_date date not null,
        period_start date not null,
        status text not null default 'DRAFT' check (status in ('DRAFT', 'SUBMITTED')),
        "values" jsonb not null,
        missing_children uuid[] not null default '{}',
        generated_at timestamptz not null default now(),
        generated_by varchar(200),
        submitted_at timestamptz,
        submitted_by varchar(200),
        unique (organization_id, form_code, report_date),
        foreign key (form_code, form_version) references statistics.form_template (code, version)
      );`);
    this.addSql(`create index report_form_date_idx on statistics.report_form (report_date, status);`);

    // Row formulas name registry metrics (members.*, organizations.*, movement.*) or earlier rows.
    const rows = (extra: { key: string; label: string; formula: string }[]) =>
      JSON.stringify([
        { key: 'members', label: 'Членов Профсоюза на учёте', formula: 'members.active' },
        { key: 'employees', label: 'из них работающих', formula: 'members.employees' },
        { key: 'students', label: 'из них обучающихся', formula: 'members.students' },
        { key: 'pensioners', label: 'из них неработающих пенсионеров', formula: 'members.pensioners' },
        // 35: the members contract's YOUTH_AGE, written into the stored form as the label's text.
        { key: 'youth', label: 'молодёжь до 35 лет', formula: 'members.youth' },
        { key: 'youth_share', label: 'доля молодёжи, %', formula: 'percent(youth, members)' },
        { key: 'admitted', label: 'Принято в Профсоюз за период', formula: 'movement.admitted' },
        { key: 'left', label: 'Выбыло из Профсоюза за период', formula: 'movement.left' },
        ...extra,
      ]);
    const primary = rows([]);
    const territorial = rows([
      { key: 'primary_organizations', label: 'Первичных профсоюзных организаций', formula: 'organizations.primary' },
      { key: 'coverage', label: 'Охват электронным учётом, %', formula: 'percent(members, report.members)' },
    ]);
    const regional = rows([
      { key: 'territorial_organizations', label: 'Территориальных организаций', formula: 'organizations.territorial' },
      { key: 'primary_organizations', label: 'Первичных профсоюзных организаций', formula: 'organizations.primary' },
      { key: 'coverage', label: 'Охват электронным учётом, %', formula: 'percent(members, report.members)' },
    ]);
    const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
    const insert = (code: string, title: string, level: string, types: string | null, layout: string) =>
      this.addSql(
        `insert into statistics.form_template (code, version, title, level, primary_types, rows) values
           (${literal(code)}, 1, ${literal(title)}, ${literal(level)}, ${types ? literal(`{${types}}`) : 'null'}, ${literal(layout)}::jsonb)`,
      );
    insert(
      '5-СП',
      'Статистический отчёт ППО общеобразовательной и дошкольной организации',
      'PRIMARY',
      'SCHOOL,PRESCHOOL,SUPPLEMENTARY_EDUCATION,OTHER',
      primary,
    );
    insert(
      '3-СП',
      'Статистический отчёт ППО организации высшего образования и студенческой ППО',
      'PRIMARY',
      'HIGHER_EDUCATION,STUDENTS',
      primary,
    );
    insert(
      '4-СП',
      'Статистический отчёт ППО профессиональной образовательной организации',
      'PRIMARY',
      'VOCATIONAL',
      primary,
    );
    insert('2-СП', 'Сводный статистический отчёт территориальной организации', 'TERRITORIAL', null, territorial);
    insert('1-СП', 'Сводный статистический отчёт региональной организации', 'REGIONAL', null, regional);
  }
}
