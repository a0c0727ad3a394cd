import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, isCalendarDate, notFound, today } from '@registry/lib';
import { ORGANIZATION_V1, SUBTREE_V1 } from '@registry/organizations/contract';
import type { CoverageKey, StatisticsLoaders } from '../loaders/organization.loaders';
import { compareShares, percentOf } from './ratio';

export enum RankingMetric {
  /** Members on the electronic record against the report's members. */
  MEMBERS_ON_RECORD = 'MEMBERS_ON_RECORD',
  /** Primary organizations in the registry against the report's number. */
  PRIMARY_ORGANIZATIONS_IN_REGISTRY = 'PRIMARY_ORGANIZATIONS_IN_REGISTRY',
  /** Members under the youth age (`YOUTH_AGE`) among members on record. */
  YOUTH_SHARE = 'YOUTH_SHARE',
  /** Average completeness of the subtree's passports. */
  PASSPORT_COMPLETENESS = 'PASSPORT_COMPLETENESS',
  /** Average completeness of the subtree's member records. */
  MEMBER_RECORD_COMPLETENESS = 'MEMBER_RECORD_COMPLETENESS',
  /** Members holding a plastic card in use, among members on record (today). */
  PLASTIC_CARDS = 'PLASTIC_CARDS',
  /** Members holding an active virtual card, among members on record (today). */
  VIRTUAL_CARDS = 'VIRTUAL_CARDS',
  /** Bonus program participants among members on record (today). */
  BONUS_PARTICIPANTS = 'BONUS_PARTICIPANTS',
}

export enum RankingLevel {
  REGIONAL = 'REGIONAL',
  TERRITORIAL = 'TERRITORIAL',
  PRIMARY = 'PRIMARY',
}

export enum RankingOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}

/** What to rank: the children of `parentId` (or its descendants of `level`) by `metric`. */
export interface RankingQuery {
  parentId: string;
  metric: RankingMetric;
  /** Absent: the direct children. */
  level?: RankingLevel | null;
  asOf?: string | null;
  reportDate?: string | null;
  /** Keep rows whose exact share is above this percent (0..100). */
  threshold?: number | null;
  /** Absent: DESC. */
  order?: RankingOrder | null;
}

/** One line of a progress table: an organization's figure against its reference, and its place. */
export interface RankedOrganization {
  /** 1 for the first line. */
  place: number;
  organizationId: string;
  name: string;
  code: string;
  numerator: number;
  /** Null without a reference figure. */
  denominator: number | null;
  /** numerator / denominator in percent, two decimals rounded half up; null without a reference. */
  percent: number | null;
}

/**
 * Ranks the children (or all descendants of a level) of an organization by a metric. The rows are
 * read through the same loaders as `coverage`, so a ranking of 2,300 territorial organizations is
 * one statement per metric family, not one per row.
 */
export async function rank(
  em: EntityManager,
  loaders: StatisticsLoaders,
  args: RankingQuery,
): Promise<RankedOrganization[]> {
  const asOf = args.asOf ?? today();
  if (!isCalendarDate(asOf))
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `asOf: expected a calendar date`, { field: 'asOf' });
  // Number.isFinite first: `threshold: 1e400` reaches the resolver as Infinity (graphql-js parses
  // a Float literal without a finiteness check), and a message must say what came in.
  if (args.threshold != null && !(Number.isFinite(args.threshold) && args.threshold >= 0 && args.threshold <= 100)) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `threshold: expected a finite percent from 0 to 100, got ${args.threshold}`,
      { field: 'threshold' },
    );
  }
  const [parent] = await em.execute<{ id: string }[]>(`select id from ${ORGANIZATION_V1} where id = ?`, [
    args.parentId,
  ]);
  if (!parent) throw notFound('Organization', 'parentId', args.parentId);
  const candidates = await em.execute<{ id: string; name: string; code: string }[]>(
    `select o.id, o.name, o.code from ${SUBTREE_V1} s
       join ${ORGANIZATION_V1} o on o.id = s.descendant_id and o.status = 'ACTIVE'
      where s.ancestor_id = ? and ${args.level ? 'o.level = ? and s.depth > 0' : 's.depth = 1'}`,
    args.level ? [args.parentId, args.level] : [args.parentId],
  );
  const key: CoverageKey = { asOf, reportDate: args.reportDate ?? null };
  const figures = await Promise.all(candidates.map((candidate) => measure(loaders, args.metric, candidate.id, key)));
  const rows = candidates.map((candidate, index) => {
    const figure = figures[index] ?? { numerator: 0, denominator: null };
    return {
      organizationId: candidate.id,
      name: candidate.name,
      code: candidate.code,
      ...figure,
      percent: percentOf(figure.numerator, figure.denominator),
      place: 0,
    };
  });
  const threshold = args.threshold;
  // Above the threshold by the exact share (numerator · 100 > threshold · denominator), not the rounded percent.
  const kept =
    threshold == null
      ? rows
      : rows.filter(
          (row) =>
            row.denominator !== null && row.denominator !== 0 && row.numerator * 100 > threshold * row.denominator,
        );
  const direction = args.order === RankingOrder.ASC ? 1 : -1;
  // By the exact share, not the printed percent: two shares that print alike still have an order.
  // Unknown shares go last in either order; ties (equal shares) by name.
  kept.sort((a, b) => {
    const aKnown = a.percent !== null;
    const bKnown = b.percent !== null;
    if (aKnown !== bKnown) return aKnown ? -1 : 1;
    return (aKnown ? compareShares(a, b) * direction : 0) || a.name.localeCompare(b.name, 'ru');
  });
  return kept.map((row, index) => ({ ...row, place: index + 1 }));
}

async function measure(
  loaders: StatisticsLoaders,
  metric: RankingMetric,
  id: string,
  key: CoverageKey,
): Promise<{ numerator: number; denominator: number | null }> {
  switch (metric) {
    case RankingMetric.MEMBERS_ON_RECORD: {
      const { members, report } = await loaders.coverageFigures(key).load(id);
      return { numerator: members.active, denominator: report?.members ?? null };
    }
    case RankingMetric.PRIMARY_ORGANIZATIONS_IN_REGISTRY: {
      const { registry, report } = await loaders.coverageFigures(key).load(id);
      return { numerator: registry.primary, denominator: report?.primaryOrganizations ?? null };
    }
    case RankingMetric.YOUTH_SHARE: {
      const { members } = await loaders.coverageFigures(key).load(id);
      return { numerator: members.youth, denominator: members.active };
    }
    case RankingMetric.PASSPORT_COMPLETENESS: {
      const { passports } = await loaders.completeness.load(id);
      return { numerator: passports ?? 0, denominator: passports === null ? null : 1 };
    }
    case RankingMetric.PLASTIC_CARDS:
    case RankingMetric.VIRTUAL_CARDS:
    case RankingMetric.BONUS_PARTICIPANTS: {
      const [{ members }, cards] = await Promise.all([
        loaders.coverageFigures(key).load(id),
        loaders.cardFigures(key.asOf).load(id),
      ]);
      const held =
        metric === RankingMetric.PLASTIC_CARDS
          ? cards.plastic
          : metric === RankingMetric.VIRTUAL_CARDS
            ? cards.virtual
            : cards.bonusParticipants;
      return { numerator: held, denominator: members.active };
    }
    case RankingMetric.MEMBER_RECORD_COMPLETENESS: {
      const { memberRecords } = await loaders.completeness.load(id);
      return { numerator: memberRecords ?? 0, denominator: memberRecords === null ? null : 1 };
    }
  }
}
