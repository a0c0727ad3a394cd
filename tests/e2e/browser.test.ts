import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sdk } from '@registry/gateway';
import { PROJECT_ROOT } from '@registry/stack';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreshBrowser } from '../support/browser';
import { openFreshBrowser } from '../support/browser';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness } from '../support/stack-harness';

// GraphiQL and the coverage dashboard driven through headless Chromium, each page in a fresh
// profile, against the development-like stack (the demo union, a pre-filled admin token).
let harness: StackHarness;
let browser: FreshBrowser;
let base: string;

beforeAll(async () => {
  harness = await openStackHarness('browser', {}, { demo: 'union', graphiqlToken: true });
  base = harness.stack.gatewayUrl.replace(/\/graphql$/, '');
  browser = await openFreshBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

/** The text of the CodeMirror editor under `selector` (GraphiQL's editors are CodeMirror 5). */
const editorText = (page: Page, selector: string): Promise<string> =>
  page.evaluate<string>(
    `(document.querySelector(${JSON.stringify(`${selector} .CodeMirror`)})?.CodeMirror.getValue()) ?? ''`,
  );

const RESULT = '.graphiql-response';
const HEADERS = '.graphiql-editor-tool .graphiql-editor:nth-child(2)';

describe('GraphiQL in a fresh browser profile', () => {
  it('runs every example tab with the pre-filled token and shows data without errors', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/graphiql`);
    await page.waitForSelector('.graphiql-tab');
    const titles = await page.locator('.graphiql-tab-button').allTextContents();
    expect(titles).toEqual(
      expect.arrayContaining([
        'Tree',
        'Coverage',
        'Ranking',
        'RegionsAbove',
        'CardCoverage',
        'RegionReportForm',
        'Inbox',
      ]),
    );
    const results: Record<string, { data: unknown; errors: unknown }> = {};
    for (const [index, title] of titles.entries()) {
      await page.locator('.graphiql-tab-button').nth(index).click();
      await page.waitForFunction(
        `document.querySelectorAll('.graphiql-tab')[${index}].classList.contains('graphiql-tab-active')`,
      );
      expect(await editorText(page, HEADERS), `headers of ${title}`).toContain('Bearer ey');
      // GraphiQL reads the operation's name from the editor after a debounce; a click before it
      // would send the previous tab's operationName, which no user is quick enough to do.
      await page.waitForTimeout(400);
      await page.locator('.graphiql-execute-button').click();
      // The answer replaces the tab's empty result pane once it arrives.
      await page.waitForFunction(
        `(() => { try { return typeof JSON.parse(document.querySelector('${RESULT} .CodeMirror').CodeMirror.getValue()) === 'object'; } catch { return false; } })()`,
        undefined,
        { timeout: 20_000 },
      );
      const answer = JSON.parse(await editorText(page, RESULT)) as { data?: unknown; errors?: unknown };
      results[title] = { data: answer.data, errors: answer.errors };
    }
    for (const [title, { data, errors }] of Object.entries(results)) {
      expect(errors, `errors of ${title}`).toBeUndefined();
      expect(data, `data of ${title}`).toBeTruthy();
    }
    // A tab the analyst adds, and the tabs GraphiQL restores on the next visit (its storage keeps no
    // headers), still carry the token: `defaultHeaders` fills every tab that has none.
    await page.locator('.graphiql-tab-add').click();
    await page.waitForFunction(`document.querySelectorAll('.graphiql-tab').length === ${titles.length + 1}`);
    expect(await editorText(page, HEADERS), 'headers of a new tab').toContain('Bearer ey');
    await page.waitForTimeout(700);
    await page.reload();
    await page.waitForSelector('.graphiql-tab');
    await page.locator('.graphiql-tab-button').nth(1).click();
    expect(await editorText(page, HEADERS), 'headers of a restored tab').toContain('Bearer ey');
    const above = results['RegionsAbove']?.data as { ranking: { percent: number }[] };
    expect(above.ranking.length).toBeGreaterThan(0);
    expect(above.ranking.every((row) => row.percent > 90)).toBe(true);
    await page.close();
  }, 120_000);
});

describe('the coverage dashboard', () => {
  /** The figures of each line of the page's table, by organization code and column key. */
  async function tableFigures(page: Page): Promise<Record<string, Record<string, number | null>>> {
    const json = await page.evaluate<string>(
      `JSON.stringify(Object.fromEntries([...document.querySelectorAll('#table tbody tr')].map((tr) => [tr.dataset.code, Object.fromEntries([...tr.querySelectorAll('td[data-key]')].map((td) => [td.dataset.key, td.dataset.value === '' ? null : Number(td.dataset.value)]))])))`,
    );
    return JSON.parse(json) as Record<string, Record<string, number | null>>;
  }

  /** The same figures straight from the API, through the dashboard's own typed document. */
  async function apiFigures(id: string, token: string): Promise<Record<string, Record<string, number | null>>> {
    const answer = await harness.request(sdk.DashboardDocument, { id }, { token });
    expect(answer.errors).toBeUndefined();
    const organization = answer.data?.organization;
    if (!organization) throw new Error(`Expected organization ${id}`);
    const figures = (coverage: sdk.DashboardFiguresFragment | null | undefined): Record<string, number | null> => ({
      members: coverage?.members.numerator ?? null,
      membersReported: coverage?.members.denominator ?? null,
      membersShare: coverage?.members.ratio ?? null,
      plasticShare: coverage?.cards?.plastic.ratio ?? null,
      virtualShare: coverage?.cards?.virtual.ratio ?? null,
      primaries: coverage?.organizations.primary.numerator ?? null,
      primariesReported: coverage?.organizations.primary.denominator ?? null,
      primariesShare: coverage?.organizations.primary.ratio ?? null,
      passports: coverage?.completeness.passports ?? null,
      memberRecords: coverage?.completeness.memberRecords ?? null,
    });
    return Object.fromEntries([organization, ...organization.children].map((row) => [row.code, figures(row.coverage)]));
  }

  it('shows the union, drills down to a region, matches the API, exports CSV and XLSX', async () => {
    const token = harness.token({ sub: 'dashboard-test', roles: ['CENTRAL_ADMIN'] });
    const page = await browser.context.newPage();
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    // Development pre-fills the token, as in GraphiQL.
    expect(await page.inputValue('#token')).toMatch(/^ey/);

    const rootId = await page.getAttribute('#title', 'data-org');
    if (!rootId) throw new Error('Expected the root organization on the page');
    const union = await tableFigures(page);
    expect(Object.keys(union)).toHaveLength(86);
    expect(union).toEqual(await apiFigures(rootId, token));
    expect(await page.locator('.bar').count()).toBe(85);

    // Drill down: a region's bar opens its territorial organizations.
    const region = page.locator('.bar.drillable[data-code="77"]');
    const regionId = await region.getAttribute('data-org');
    if (!regionId) throw new Error('Expected the bar of region 77');
    await region.click();
    await page.waitForFunction(
      `document.querySelector('#title')?.dataset.org === ${JSON.stringify(regionId)} && document.body.dataset.state === 'ready'`,
    );
    const regional = await tableFigures(page);
    expect(regional).toEqual(await apiFigures(regionId, token));
    expect(
      Object.keys(regional)
        .filter((code) => code !== '77')
        .every((code) => code.startsWith('77-')),
    ).toBe(true);

    // Saved under .data (ignored by git) on every run, so a test run leaves the tree clean;
    // SCREENSHOT_UPDATE=1 writes the README's picture (docs/images/dashboard.png) instead.
    const folder =
      process.env['SCREENSHOT_UPDATE'] === '1'
        ? join(PROJECT_ROOT, 'docs', 'images')
        : join(PROJECT_ROOT, '.data', 'screenshots');
    await mkdir(folder, { recursive: true });
    await page.goBack();
    await page.waitForFunction(
      `document.querySelector('#title')?.dataset.org === ${JSON.stringify(rootId)} && document.body.dataset.state === 'ready'`,
    );
    await page.screenshot({ path: join(folder, 'dashboard.png'), fullPage: false });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    const csvText = (await readFile(await csv.path(), 'utf8')).replace(/^\ufeff/, '');
    const csvLines = csvText.trim().split('\n');
    expect(csvLines[0]).toBe(
      'code,name,members,membersReported,membersShare,plasticShare,virtualShare,primaries,primariesReported,primariesShare,passports,memberRecords',
    );
    expect(csvLines).toHaveLength(87);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#xlsx')]);
    const workbook = new ExcelJS.Workbook();
    const bytes = await readFile(await xlsx.path());
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('Expected a sheet in the XLSX export');
    expect(sheet.rowCount).toBe(87);
    expect(sheet.getRow(2).getCell(3).value).toBe(union[await rootCode(rootId, token)]?.['members']);
    await page.close();
  }, 120_000);

  it('the XLSX export refuses a caller without a token and a malformed date', async () => {
    const root = await harness.request(sdk.DashboardRootDocument, {});
    const id = root.data?.root?.id ?? '';
    expect((await fetch(`${base}/dashboard/export.xlsx?org=${id}`)).status).toBe(403);
    const token = harness.token({ sub: 'dashboard-test', roles: ['CENTRAL_ADMIN'] });
    const bad = await fetch(`${base}/dashboard/export.xlsx?org=${id}&asOf=yesterday`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(400);
  });
});

async function rootCode(id: string, token: string): Promise<string> {
  const answer = await harness.request(sdk.DashboardDocument, { id }, { token });
  return answer.data?.organization?.code ?? '';
}
