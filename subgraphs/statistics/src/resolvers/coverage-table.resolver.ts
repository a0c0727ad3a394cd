import { Ability, notFound, today } from '@registry/lib';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { StatisticsContext } from '../context';
import type { CoverageTableEntry } from '../services/coverage-table';
import { checkCoverageTableArgs, COVERAGE_TABLE_DEFAULT_PAGE, coverageTablePage } from '../services/coverage-table';
import { ratio } from '../services/ratio';
import { CoverageTableArgs } from './coverage-table.input';
import { CoverageTablePage, CoverageTableRow } from './coverage-table-views';

@Resolver()
export class CoverageTableResolver {
  @Query(() => CoverageTablePage, {
    description:
      'Every organization of a subtree (down to depth levels) with its coverage, one row each, in pages by registry code: one SQL statement per page. FORBIDDEN outside your scope',
  })
  async coverageTable(
    @Args() args: CoverageTableArgs,
    @Ctx() { em, scope }: StatisticsContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CoverageTablePage> {
    const asOf = args.asOf ?? today();
    const depth = args.depth ?? null;
    checkCoverageTableArgs({ rootId: args.rootId, depth, asOf, first: args.first ?? null });
    await scope.assertCovers(args.rootId, Ability.READ_FIGURES);
    const after = args.after ?? null;
    const page = await coverageTablePage(em, {
      rootId: args.rootId,
      depth,
      asOf,
      reportDate: args.reportDate ?? null,
      first: args.first ?? COVERAGE_TABLE_DEFAULT_PAGE,
      after,
      withCards: selects(info, ['rows', 'cards']),
    });
    if (after === null && page.entries.length === 0) throw notFound('Organization', 'id', args.rootId);
    return { rows: page.entries.map(toRow), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  }
}

/** The coverage field's ratios, from the same figures (coverage.resolver.ts). */
function toRow({ figures, cards, ...organization }: CoverageTableEntry): CoverageTableRow {
  const { members, registry, report } = figures;
  const none = { plastic: 0, virtual: 0, bonusParticipants: 0 };
  const held = cards ?? none;
  return {
    ...organization,
    reportDate: figures.reportDate,
    members: ratio(members.active, report?.members ?? null),
    youth: ratio(members.youth, members.active),
    primaryOrganizations: ratio(registry.primary, report?.primaryOrganizations ?? null),
    territorialOrganizations: ratio(registry.territorial, report?.territorialOrganizations ?? null),
    cards: {
      plastic: ratio(held.plastic, members.active),
      virtual: ratio(held.virtual, members.active),
      bonusParticipants: ratio(held.bonusParticipants, members.active),
    },
  };
}

/** Whether the operation selects `path` (field names, fragments followed) under this field. */
function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (selectionSet: SelectionSetNode | undefined, rest: readonly string[]): boolean => {
    if (!selectionSet) return false;
    const [name, ...deeper] = rest;
    if (name === undefined) return true;
    return selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD)
        return selection.name.value === name && (deeper.length === 0 || within(selection.selectionSet, deeper));
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet, rest);
      const fragment = info.fragments[selection.name.value];
      return fragment ? within(fragment.selectionSet, rest) : false;
    });
  };
  return info.fieldNodes.some((node) => within(node.selectionSet, path));
}
