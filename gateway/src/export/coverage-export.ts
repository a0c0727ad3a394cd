import { once } from 'node:events';
import { ErrorCode, refusalStatus } from '@registry/lib';
import type { Express, Request, Response } from 'express';
import { postOwnGraphql } from '../http/own-graphql';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The table's largest page: the whole union (65 k organizations) in 14 statements. */
const PAGE = 5_000;
const RATIO = '{ numerator denominator ratio }';
const QUERY = `query ($rootId: UUID!, $asOf: LocalDate, $reportDate: LocalDate, $first: Int, $after: String) {
  coverageTable(rootId: $rootId, asOf: $asOf, reportDate: $reportDate, first: $first, after: $after) {
    rows { id code name level parentId depth path reportDate members ${RATIO} youth ${RATIO} primaryOrganizations ${RATIO}
           territorialOrganizations ${RATIO} cards { plastic ${RATIO} virtual ${RATIO} bonusParticipants ${RATIO} } }
    pageInfo { hasNextPage endCursor } } }`;

interface Ratio {
  numerator: number;
  denominator: number | null;
  ratio: number | null;
}
export interface CoverageExportRow {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  depth: number;
  path: string[];
  reportDate: string | null;
  members: Ratio;
  youth: Ratio;
  primaryOrganizations: Ratio;
  territorialOrganizations: Ratio;
  cards: { plastic: Ratio; virtual: Ratio; bonusParticipants: Ratio };
}
interface Answer {
  data?: {
    coverageTable: { rows: CoverageExportRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export const COVERAGE_CSV_HEADER = [
  'id',
  'code',
  'name',
  'level',
  'parent_id',
  'depth',
  'path',
  'report_date',
  'members_on_record',
  'members_reported',
  'members_ratio',
  'youth',
  'primary_in_registry',
  'primary_reported',
  'territorial_in_registry',
  'territorial_reported',
  'plastic_card_holders',
  'virtual_card_holders',
  'bonus_participants',
];

const cell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One CSV line (RFC 4180, CRLF); an unknown figure is a blank cell, never 0. */
export function coverageCsvLine(row: CoverageExportRow): string {
  return (
    [
      row.id,
      row.code,
      row.name,
      row.level,
      row.parentId,
      row.depth,
      row.path.join('/'),
      row.reportDate,
      row.members.numerator,
      row.members.denominator,
      row.members.ratio,
      row.youth.numerator,
      row.primaryOrganizations.numerator,
      row.primaryOrganizations.denominator,
      row.territorialOrganizations.numerator,
      row.territorialOrganizations.denominator,
      row.cards.plastic.numerator,
      row.cards.virtual.numerator,
      row.cards.bonusParticipants.numerator,
    ]
      .map(cell)
      .join(',') + '\r\n'
  );
}

/**
 * `GET /export/coverage.csv?rootId=…&asOf=…&reportDate=…`: the coverage table of a subtree (the
 * whole union from the root) as CSV, streamed. It pages `coverageTable` through this gateway's own
 * `/graphql` with the caller's Authorization header, so authentication, scope and limits are the
 * API's own, and writes each page as it comes (waiting for the socket to drain): memory holds one
 * page, not the union. A refusal on the first page answers with its status and errors; one on a
 * later page (after the header was sent) ends the file short, which the client sees as a cut
 * transfer (no chunked terminator).
 */
export function mountCoverageExport(app: Express): void {
  app.get('/export/coverage.csv', async (req, res) => {
    // Figures are never anonymous; without a token the API would refuse on cost, less plainly.
    if (!req.headers.authorization) {
      res
        .status(refusalStatus(ErrorCode.UNAUTHENTICATED))
        .type('text/plain')
        .send('Expected Authorization: Bearer <token>');
      return;
    }
    const { rootId, asOf, reportDate } = req.query;
    if (typeof rootId !== 'string' || rootId === '') {
      res.status(400).type('text/plain').send('Expected ?rootId=<organization id>');
      return;
    }
    for (const [name, value] of Object.entries({ asOf, reportDate })) {
      if (value !== undefined && (typeof value !== 'string' || !LOCAL_DATE.test(value))) {
        res
          .status(400)
          .type('text/plain')
          .send(`Expected ${name} as YYYY-MM-DD, got ${JSON.stringify(value)}`);
        return;
      }
    }
    const variables = {
      rootId,
      asOf: typeof asOf === 'string' ? asOf : null,
      reportDate: typeof reportDate === 'string' ? reportDate : null,
      first: PAGE,
    };
    let after: string | null = null;
    let started = false;
    do {
      const { status, answer } = await ownGraphql(req, { ...variables, after });
      const table = answer.data?.coverageTable;
      if (status !== 200 || answer.errors || !table) {
        if (started) {
          res.destroy();
          return;
        }
        res
          .status(status !== 200 ? status : refusalStatus(answer.errors?.[0]?.extensions?.['code']))
          .json({ errors: answer.errors ?? [] });
        return;
      }
      if (!started) {
        res.type('text/csv; charset=utf-8').attachment(`coverage-${variables.asOf ?? 'today'}.csv`);
        await write(res, COVERAGE_CSV_HEADER.join(',') + '\r\n');
        started = true;
      }
      await write(res, table.rows.map(coverageCsvLine).join(''));
      after = table.pageInfo.hasNextPage ? table.pageInfo.endCursor : null;
    } while (after !== null);
    res.end();
  });
}

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

/** The table's page through this gateway's own `/graphql` (`postOwnGraphql`), with the caller's authorization. */
async function ownGraphql(
  req: Request,
  variables: Record<string, unknown>,
): Promise<{ status: number; answer: Answer }> {
  const { status, body } = await postOwnGraphql(req, QUERY, variables);
  return { status, answer: body as Answer };
}
