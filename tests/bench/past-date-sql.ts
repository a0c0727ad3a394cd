import { Pool } from 'pg';
import { timeStatements } from './floor';

/** Members on record of the regions, SQL alone: today, a past date from the running totals by day, and the same past date counted member by member. */
export interface PastDateSql {
  asOf: string;
  regions: number;
  todayMs: number;
  pastMs: number;
  perMemberMs: number;
  /** Rows of `members.organization_tally_by_day`, of today's tally and of membership periods, for scale. */
  byDayRows: number;
  tallyRows: number;
  periods: number;
}

/**
 * The published function today and on a past date, beside the statement a past date cost before
 * the members subgraph kept figures by date (the coverage builder's reading of membership periods,
 * member by member). The old reading lives here only as a reference: no reader uses it any more.
 */
export async function measurePastDateSql(databaseUrl: string, asOf: string): Promise<PastDateSql> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const [regions, sizes] = await Promise.all([
    pool.query<{ ids: string; n: number }>(
      `select '{' || string_agg(id::text, ',') || '}' as ids, count(*)::int as n from organizations.organization_v1 where level = 'REGIONAL'`,
    ),
    pool.query<{ by_day: number; tally: number; periods: number }>(
      `select (select count(*) from members.organization_tally_by_day)::int as by_day, (select count(*) from members.organization_tally)::int as tally,
              (select count(*) from members.membership_period)::int as periods`,
    ),
  ]).finally(() => pool.end());
  const ids = regions.rows[0]?.ids ?? '{}';
  const published = (date: string): string =>
    `select * from members.subtree_member_counts_v1('${ids}'::uuid[], '${date}'::date)`;
  const perMember = `select s.ancestor_id, count(*)::int as active,
         count(*) filter (where m.birth_date > ('${asOf}'::date - interval '35 years'))::int as youth,
         count(*) filter (where m.category = 'EMPLOYEE')::int as employees,
         count(*) filter (where m.category = 'STUDENT')::int as students,
         count(*) filter (where m.category = 'NON_WORKING_PENSIONER')::int as pensioners
    from organizations.subtree_v1 s
    join members.membership_period_v1 p on p.organization_id = s.descendant_id
     and p.valid_from <= '${asOf}'::date and (p.valid_to is null or p.valid_to > '${asOf}'::date)
    join members.member_v1 m on m.id = p.member_id
   where s.ancestor_id = any('${ids}'::uuid[])
   group by s.ancestor_id`;
  const today = new Date().toISOString().slice(0, 10);
  const [todayRun, past, members] = await timeStatements(
    databaseUrl,
    [{ sql: published(today) }, { sql: published(asOf) }, { sql: perMember }],
    5,
  );
  return {
    asOf,
    regions: regions.rows[0]?.n ?? 0,
    todayMs: todayRun?.ms ?? Number.NaN,
    pastMs: past?.ms ?? Number.NaN,
    perMemberMs: members?.ms ?? Number.NaN,
    byDayRows: sizes.rows[0]?.by_day ?? 0,
    tallyRows: sizes.rows[0]?.tally ?? 0,
    periods: sizes.rows[0]?.periods ?? 0,
  };
}
