import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Express, Request } from 'express';
import { print } from 'graphql';
import type { DashboardQuery, DashboardQueryVariables } from '../sdk/graphql';
import { DashboardDocument, DashboardRootDocument } from '../sdk/graphql';
import { postOwnGraphql } from '../http/own-graphql';
import { BANDS, bandOf, COLUMNS, valueAt } from './columns';

const ASSETS: Readonly<Record<string, string>> = { 'dashboard.js': 'text/javascript', 'dashboard.css': 'text/css' };
const ASSET_DIR = join(__dirname, 'assets');
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Mounts the coverage dashboard: `/dashboard` (a page over the public GraphQL API, its script and
 * styles served from this package: no CDN), and `/dashboard/export.xlsx`, which runs the page's
 * own query with the caller's token and builds the workbook with exceljs. With `token` (the
 * development stack's admin token, refused in production by the gateway) the sign-in field is
 * pre-filled, as in GraphiQL.
 */
export function mountDashboard(app: Express, options: { token?: string } = {}): void {
  app.get('/dashboard/assets/:file', (req, res) => {
    const type = ASSETS[req.params.file];
    if (!type) {
      res.status(404).end();
      return;
    }
    res.type(type).sendFile(join(ASSET_DIR, req.params.file));
  });
  app.get('/dashboard/export.xlsx', async (req, res) => {
    const variables = exportVariables(req);
    if (typeof variables === 'string') {
      res.status(400).type('text/plain').send(variables);
      return;
    }
    const answer = await runDashboardQuery(req, variables);
    const organization = answer.data?.organization;
    if (answer.status !== 200 || !organization || answer.errors) {
      const status =
        answer.status === 200
          ? answer.errors?.some((e) => e.extensions?.['code'] === 'FORBIDDEN')
            ? 403
            : 400
          : answer.status;
      res.status(status).json({ errors: answer.errors ?? [{ message: `Expected organization ${variables.id}` }] });
      return;
    }
    const workbook = await dashboardWorkbook(organization);
    const asOf = organization.coverage?.asOf ?? 'today';
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`coverage-${organization.code}-${asOf}.xlsx`)
      .send(Buffer.from(await workbook.xlsx.writeBuffer()));
  });
  app.get('/dashboard', (_req, res) => {
    res.type('text/html').send(page(options.token));
  });
}

function exportVariables(req: Request): DashboardQueryVariables | string {
  const { org, asOf, reportDate } = req.query;
  if (typeof org !== 'string' || org === '') return 'Expected ?org=<organization id>';
  for (const [name, value] of Object.entries({ asOf, reportDate })) {
    if (value !== undefined && (typeof value !== 'string' || !LOCAL_DATE.test(value)))
      return `Expected ${name} as YYYY-MM-DD, got ${JSON.stringify(value)}`;
  }
  return {
    id: org,
    asOf: typeof asOf === 'string' ? asOf : null,
    reportDate: typeof reportDate === 'string' ? reportDate : null,
  };
}

interface DashboardAnswer {
  status: number;
  data?: DashboardQuery | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The page's query through this gateway's own `/graphql`, so the export sees exactly what the page sees. */
async function runDashboardQuery(req: Request, variables: DashboardQueryVariables): Promise<DashboardAnswer> {
  const { status, body } = await postOwnGraphql(req, print(DashboardDocument), variables);
  return { status, ...(body as Omit<DashboardAnswer, 'status'>) };
}

type DashboardOrganization = NonNullable<DashboardQuery['organization']>;

/** One sheet: the organization's line, then its children's, shares as percentages in their colour band. */
async function dashboardWorkbook(organization: DashboardOrganization): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Охват');
  sheet.columns = [
    { header: 'Код', key: 'code', width: 12 },
    { header: 'Организация', key: 'name', width: 48 },
    ...COLUMNS.map((column) => ({ header: column.label, key: column.key, width: 16 })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of [organization, ...organization.children]) {
    const line = sheet.addRow({
      code: row.code,
      name: row.name,
      ...Object.fromEntries(COLUMNS.map((column) => [column.key, valueAt(row.coverage, column.path)])),
    });
    for (const column of COLUMNS) {
      if (column.kind !== 'share') continue;
      const cell = line.getCell(column.key);
      cell.numFmt = '0.00%';
      const band = bandOf(valueAt(row.coverage, column.path));
      if (band)
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${band.colour.slice(1).toUpperCase()}` } };
    }
  }
  sheet.getRow(2).font = { bold: true };
  return workbook;
}

function page(token: string | undefined): string {
  const config = {
    token: token ?? null,
    queries: { root: print(DashboardRootDocument), dashboard: print(DashboardDocument) },
    columns: COLUMNS,
    bands: BANDS.map((band) => ({ ...band, above: Number.isFinite(band.above) ? band.above : null })),
  };
  // `</` cannot appear inside an inline script; JSON.stringify does not escape it.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Реестр Профсоюза — охват</title>
  <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
  <header>
    <h1>Охват реестром</h1>
    <form id="controls">
      <label>Токен <input id="token" type="password" autocomplete="off" placeholder="eyJ…"></label>
      <label>На дату <input id="asOf" type="date"></label>
      <label>Дата отчёта <input id="reportDate" type="date"></label>
      <button type="submit">Показать</button>
    </form>
  </header>
  <nav id="path"></nav>
  <main>
    <p id="status" role="status">Загрузка…</p>
    <section id="summary"></section>
    <section>
      <div class="chart-head">
        <select id="metric"></select>
        <span id="legend"></span>
      </div>
      <div id="chart"></div>
    </section>
    <section>
      <div class="table-head">
        <button id="csv" type="button">CSV</button>
        <button id="xlsx" type="button">XLSX</button>
      </div>
      <table id="table"></table>
    </section>
  </main>
  <script>window.DASHBOARD = ${json};</script>
  <script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>`;
}
