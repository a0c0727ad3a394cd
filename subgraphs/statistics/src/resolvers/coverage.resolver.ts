import { Ability, DomainError, ErrorCode, isCalendarDate, today } from '@registry/lib';
import { YOUTH_AGE } from '@registry/members/contract';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { StatisticsContext } from '../context';
import { Organization } from '../entities/organization';
import type { CoverageFigures } from '../services/coverage-figures';
import { ratio } from '../services/ratio';
import { CardCoverage, Coverage, DataCompleteness, OrganizationCoverage, Ratio, ReportFigures } from './coverage-views';

@Resolver(() => Organization)
export class OrganizationCoverageResolver {
  /**
   * Nullable so that a node outside the caller's scope fails alone (FORBIDDEN on its own field)
   * instead of nulling the whole list it sits in. The scope check of a whole `_entities` batch
   * goes through the scope's loader: one statement per level, whatever its size.
   */
  @FieldResolver(() => Coverage, {
    nullable: true,
    description:
      'Coverage of the subtree on a date (default today) against the latest report on or before it; FORBIDDEN outside your scope',
  })
  async coverage(
    @Root() organization: Organization,
    @Arg('asOf', () => GraphQLLocalDate, { nullable: true }) asOf: string | null | undefined,
    @Arg('reportDate', () => GraphQLLocalDate, {
      nullable: true,
      description: 'Defaults to the latest report on or before asOf',
    })
    reportDate: string | null | undefined,
    @Ctx() { scope }: StatisticsContext,
  ): Promise<Coverage> {
    await scope.assertCovers(organization.id, Ability.READ_FIGURES);
    const date = asOf ?? today();
    if (!isCalendarDate(date))
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `asOf: expected a calendar date, got ${JSON.stringify(asOf)}`, {
        field: 'asOf',
      });
    return { organizationId: organization.id, asOf: date, requestedReportDate: reportDate ?? null };
  }
}

/** The coverage figures of a coverage's organization: one batch per (asOf, reportDate) and level. */
const figuresOf = (coverage: Coverage, { loaders }: StatisticsContext): Promise<CoverageFigures> =>
  loaders
    .coverageFigures({ asOf: coverage.asOf, reportDate: coverage.requestedReportDate })
    .load(coverage.organizationId);

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver()
  async reportDate(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<string | null> {
    return (await figuresOf(coverage, context)).reportDate;
  }

  @FieldResolver(() => ReportFigures, { nullable: true })
  async report(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<ReportFigures | null> {
    const { reportDate, report } = await figuresOf(coverage, context);
    return reportDate && report ? { reportDate, ...report } : null;
  }

  @FieldResolver(() => OrganizationCoverage)
  async organizations(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<OrganizationCoverage> {
    const { registry, report } = await figuresOf(coverage, context);
    return {
      primary: ratio(registry.primary, report?.primaryOrganizations ?? null),
      territorial: ratio(registry.territorial, report?.territorialOrganizations ?? null),
    };
  }

  @FieldResolver(() => Ratio, { description: 'Members on the electronic record against the report' })
  async members(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<Ratio> {
    const { members, report } = await figuresOf(coverage, context);
    return ratio(members.active, report?.members ?? null);
  }

  @FieldResolver(() => Ratio, { description: `Members under ${YOUTH_AGE} among members on record` })
  async youth(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<Ratio> {
    const { members } = await figuresOf(coverage, context);
    return ratio(members.youth, members.active);
  }

  @FieldResolver(() => CardCoverage, {
    nullable: true,
    description:
      'Cards in use and bonus participants on asOf, among the members on record that day (card history is kept as periods). Cards of former members never count.',
  })
  async cards(@Root() coverage: Coverage, @Ctx() context: StatisticsContext): Promise<CardCoverage | null> {
    const [{ members }, cards] = await Promise.all([
      figuresOf(coverage, context),
      context.loaders.cardFigures(coverage.asOf).load(coverage.organizationId),
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
