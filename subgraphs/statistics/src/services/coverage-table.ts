import type { EntityManager } from '@mikro-orm/postgresql';
import { cardsInUseSql } from '@registry/cards/contract';
import { decodeCursor, DomainError, encodeCursor, ErrorCode, isCalendarDate } from '@registry/lib';
import { ORGANIZATION_V1, SUBTREE_V1 } from '@registry/organizations/contract';
import type { CoverageFigures, CoverageFiguresRow } from './coverage-figures';
import { COVERAGE_FIGURES_COLUMNS, coverageFiguresSql, toCoverageFigures } from './coverage-figures';
import type { CardFigures } from '../loaders/organization.loaders';

/** Rows of one page: what a client asks for; the default suits a screen, the maximum an export. */
export const COVERAGE_TABLE_DEFAULT_PAGE = 500;
const COVERAGE_TABLE_MAX_PAGE = 5_000;

export interface CoverageTableArgs {
  rootId: string;
  /** Levels below the root (0: the root alone); null: the whole subtree. */
  depth: number | null;
  asOf: string;
  /** Null: the latest report on or before `asOf`. */
  reportDate: string | null;
  first: number;
  after: string | null;
  /** Cards cost a pass over the members' periods: read only when the selection asks for them. */
  withCards: boolean;
}

/** One organization of the subtree with its coverage figures. */
export interface CoverageTableEntry {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  /** Levels below the root. */
  depth: number;
  /** Registry codes from the root down to the organization itself. */
  path: string[];
  figures: CoverageFigures;
  cards: CardFigures | null;
}

export interface CoverageTablePageData {
  entries: CoverageTableEntry[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Checks the arguments that need no database; the page size and depth are bounded here. */
export function checkCoverageTableArgs(args: {
  rootId: string;
  depth: number | null;
  asOf: string;
  first: number | null;
}): void {
  const bad = (field: string, message: string): never => {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
  };
  if (args.depth !== null && (!Number.isInteger(args.depth) || args.depth < 0))
    bad('depth', `expected a whole number ≥ 0, got ${args.depth}`);
  if (!isCalendarDate(args.asOf)) bad('asOf', `expected a calendar date, got ${JSON.stringify(args.asOf)}`);
  const first = args.first ?? COVERAGE_TABLE_DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > COVERAGE_TABLE_MAX_PAGE)
    bad('first', `expected an integer from 1 to ${COVERAGE_TABLE_MAX_PAGE}, got ${first}`);
}

/**
 * One page of the coverage table of a subtree in ONE statement: the page's organizations (keyset
 * on the registry code, which is unique and indexed, so a page never sorts the whole subtree),
 * their paths, and the coverage figures from the function the `coverage` field uses, fed the
 * page's ids inside the statement. Only active organizations are listed below the root, as
 * `children` lists them. Each path is read per row (a few index probes each): joined as one set,
 * PostgreSQL hashed the whole closure for the page's few thousand rows.
 */
export async function coverageTablePage(em: EntityManager, args: CoverageTableArgs): Promise<CoverageTablePageData> {
  const after = args.after === null ? null : String(decodeCursor(args.after, ['string'])[0]);
  const pageIds = '(select ids from page_ids)::uuid[]';
  const cards = args.withCards
    ? {
        cte: `,\n     cards as (select * from ${cardsInUseSql(pageIds, '?::date')})`,
        params: [args.asOf],
        columns: `, coalesce(k.plastic, 0) as plastic, coalesce(k.virtual, 0) as virtual,
                  coalesce(k.bonus_participants, 0) as bonus_participants, coalesce(k.bonus_participants_via_app, 0) as bonus_participants_via_app`,
        join: 'left join cards k on k.organization_id = p.id',
      }
    : { cte: '', params: [], columns: '', join: '' };
  const rows = await em.execute<(CoverageFiguresRow & TableColumns)[]>(
    `with page as (
       select o.id, o.code, o.name, o.level, o.parent_id, s.depth
         from ${SUBTREE_V1} s join ${ORGANIZATION_V1} o on o.id = s.descendant_id
        where s.ancestor_id = ?::uuid and (s.depth = 0 or o.status = 'ACTIVE')
          and (?::int is null or s.depth <= ?::int) and (?::text is null or o.code > ?::text)
        order by o.code
        limit ?),
     page_ids as (select coalesce(array_agg(id), '{}'::uuid[]) as ids from page)${cards.cte}
     select p.id, p.code, p.name, p.level, p.parent_id, p.depth, t.path,
            ${COVERAGE_FIGURES_COLUMNS}${cards.columns}
       from page p
       cross join lateral (
         select array_agg(a.code order by up.depth desc) as path
           from ${SUBTREE_V1} up join ${ORGANIZATION_V1} a on a.id = up.ancestor_id
          where up.descendant_id = p.id and up.depth <= p.depth) t
       left join ${coverageFiguresSql(pageIds, '?::date', '?::date')} f on f.id = p.id
       ${cards.join}
      order by p.code`,
    [args.rootId, args.depth, args.depth, after, after, args.first + 1, ...cards.params, args.asOf, args.reportDate],
  );
  const entries = rows.slice(0, args.first).map((row): CoverageTableEntry => ({
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    parentId: row.parent_id,
    depth: row.depth,
    path: row.path,
    figures: toCoverageFigures(row),
    cards:
      row.plastic === undefined
        ? null
        : {
            plastic: row.plastic,
            virtual: row.virtual ?? 0,
            bonusParticipants: row.bonus_participants ?? 0,
            bonusParticipantsViaApp: row.bonus_participants_via_app ?? 0,
          },
  }));
  const last = entries.at(-1);
  return { entries, hasNextPage: rows.length > args.first, endCursor: last ? encodeCursor([last.code]) : null };
}

interface TableColumns {
  id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  depth: number;
  path: string[];
  plastic?: number;
  virtual?: number;
  bonus_participants?: number;
  bonus_participants_via_app?: number;
}
