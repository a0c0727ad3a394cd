import { DomainError, ErrorCode, isCalendarDate, today } from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { Organization } from '../entities/organization';
import { ratio } from '../services/ratio';
import { CardCoverage, Coverage, DataCompleteness, OrganizationCoverage, Ratio, ReportFigures } from './coverage.types';

@Resolver(() => Organization)
export class OrganizationCoverageResolver {
  @FieldResolver(() => Coverage, { description: 'Coverage of the subtree on a date (default today) against the latest report on or before it' })
  async coverage(
    @Root() organization: Organization,
    @Arg('asOf', () => GraphQLLocalDate, { nullable: true }) asOf: string | null | undefined,
    @Arg('reportDate', () => GraphQLLocalDate, { nullable: true, description: 'Defaults to the latest report on or before asOf' })
    reportDate: string | null | undefined,
    @Ctx() { loaders }: StatisticsContext,
  ): Promise<Coverage> {
    const date = asOf ?? today();
    if (!isCalendarDate(date)) throw new DomainError(ErrorCode.BAD_USER_INPUT, `asOf: expected a calendar date, got ${JSON.stringify(asOf)}`, { field: 'asOf' });
    return { organizationId: organization.id, asOf: date, reportDate: reportDate ?? (await loaders.latestReportDate.load(date)) };
  }
}

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver(() => ReportFigures, { nullable: true })
  async report(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<ReportFigures | null> {
    if (!coverage.reportDate) return null;
    const figures = await loaders.baselines(coverage.reportDate).load(coverage.organizationId);
    return figures ? { reportDate: coverage.reportDate, ...figures } : null;
  }

  @FieldResolver(() => OrganizationCoverage)
  async organizations(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<OrganizationCoverage> {
    const [counts, figures] = await Promise.all([
      loaders.registryCounts.load(coverage.organizationId),
      coverage.reportDate ? loaders.baselines(coverage.reportDate).load(coverage.organizationId) : null,
    ]);
    return {
      primary: ratio(counts.primary, figures?.primaryOrganizations ?? null),
      territorial: ratio(counts.territorial, figures?.territorialOrganizations ?? null),
    };
  }

  @FieldResolver(() => Ratio, { description: 'Members on the electronic record against the report' })
  async members(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<Ratio> {
    const [members, figures] = await Promise.all([
      loaders.memberFigures(coverage.asOf).load(coverage.organizationId),
      coverage.reportDate ? loaders.baselines(coverage.reportDate).load(coverage.organizationId) : null,
    ]);
    return ratio(members.active, figures?.members ?? null);
  }

  @FieldResolver(() => Ratio, { description: 'Members under 35 among members on record' })
  async youth(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<Ratio> {
    const members = await loaders.memberFigures(coverage.asOf).load(coverage.organizationId);
    return ratio(members.youth, members.active);
  }

  @FieldResolver(() => CardCoverage, {
    nullable: true,
    description: 'Today only (null for a past date): card history is not kept as periods. Cards of former members never count.',
  })
  async cards(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<CardCoverage | null> {
    if (coverage.asOf < today()) return null;
    const [members, cards] = await Promise.all([
      loaders.memberFigures(coverage.asOf).load(coverage.organizationId),
      loaders.cardFigures.load(coverage.organizationId),
    ]);
    return {
      plastic: ratio(cards.plastic, members.active),
      virtual: ratio(cards.virtual, members.active),
      bonusParticipants: ratio(cards.bonusParticipants, members.active),
      bonusParticipantsViaApp: ratio(cards.bonusParticipantsViaApp, cards.bonusParticipants),
    };
  }

  @FieldResolver(() => DataCompleteness)
  async completeness(@Root() coverage: Coverage, @Ctx() { loaders }: StatisticsContext): Promise<DataCompleteness> {
    return loaders.completeness.load(coverage.organizationId);
  }
}
