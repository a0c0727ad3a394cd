import {
  Ability,
  decodeCursor,
  DomainError,
  ErrorCode,
  isCalendarDate,
  pageSize,
  today,
  toConnection,
} from '@registry/lib';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MembersContext } from '../context';
import { MemberStatus } from '../entities/member-enums';
import { Organization } from '../entities/organization';
import { MembersArgs } from './member.input';
import { MemberConnection, MemberCounts } from './member-views';

/** What this subgraph adds to the organizations subgraph's `Organization`. */
@Resolver(() => Organization)
export class OrganizationMembersResolver {
  @FieldResolver(() => MemberConnection, {
    nullable: true,
    description: "Members of the organization's whole subtree, by name (admins)",
  })
  async members(
    @Root() organization: Organization,
    @Args() { filter, first, after }: MembersArgs,
    @Ctx() context: MembersContext,
  ) {
    await context.scope.assertCovers(organization.id, Ability.MANAGE);
    const size = pageSize(first);
    const position = after ? decodeCursor(after, ['string', 'string', 'uuid']).map(String) : null;
    const page = await context.loaders
      .memberPageByOrganizationId({
        status: filter?.status === undefined ? MemberStatus.ACTIVE : filter.status,
        category: filter?.category ?? null,
        search: filter?.search?.trim() || null,
        size,
        after: position ? [position[0] ?? '', position[1] ?? '', position[2] ?? ''] : null,
      })
      .load(organization.id);
    return toConnection(page.rows, size, (member) => [member.lastName, member.firstName, member.id], page.totalCount);
  }

  @FieldResolver(() => MemberCounts, {
    nullable: true,
    description:
      'Active members of the whole subtree; on a past date from membership history (a future date is BAD_USER_INPUT)',
  })
  async memberCounts(
    @Root() organization: Organization,
    @Arg('asOf', () => GraphQLLocalDate, { nullable: true }) asOf: string | null | undefined,
    @Ctx() context: MembersContext,
  ) {
    await context.scope.assertCovers(organization.id, Ability.READ_FIGURES);
    if (asOf != null && !isCalendarDate(asOf)) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `asOf: expected a calendar date, got ${JSON.stringify(asOf)}`, {
        field: 'asOf',
      });
    }
    // The registry knows no future: a later date would silently answer today's counts.
    const latest = today();
    if (asOf != null && asOf > latest) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `asOf: expected a date up to today (${latest}), got ${asOf}`, {
        field: 'asOf',
        latest,
      });
    }
    return context.loaders.memberCountsByOrganizationId(asOf ?? null).load(organization.id);
  }
}
