import { Ability } from '@registry/lib';
import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OrganizationsContext } from '../context';
import { Chair } from '../entities/chair';
import { Organization } from '../entities/organization';
import { OrganizationStatus } from '../entities/organization-enums';
import { OrganizationEvent } from '../entities/organization-event';
import { passportOf } from '../services/passport';
import { ChildrenArgs } from './organization.input';
import { DescendantCounts, Passport } from './organization-views';

/** Fields that walk the tree; each goes through a per-request loader, so a level costs one statement. */
@Resolver(() => Organization)
export class OrganizationTreeResolver {
  @FieldResolver(() => Organization, { nullable: true })
  async parent(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext) {
    return organization.parentId ? loaders.organizationsById.load(organization.parentId) : null;
  }

  @FieldResolver(() => [Organization], {
    description: 'Direct children, by name; active ones unless `status` says otherwise',
  })
  async children(
    @Root() organization: Organization,
    @Args() { level, status }: ChildrenArgs,
    @Ctx() { loaders }: OrganizationsContext,
  ) {
    const statusFilter = status === undefined ? OrganizationStatus.ACTIVE : status;
    return loaders.childrenByParentId({ level, status: statusFilter }).load(organization.id);
  }

  @FieldResolver(() => [Organization], { description: 'From the central council down to the parent' })
  async ancestors(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext) {
    return loaders.ancestorsById.load(organization.id);
  }

  @FieldResolver(() => Int, { description: 'Distance from the central council (0 for the council itself)' })
  async depth(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext) {
    return loaders.depthById.load(organization.id);
  }

  @FieldResolver(() => DescendantCounts)
  async descendantCounts(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext) {
    return loaders.descendantCountsById.load(organization.id);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization this one was merged into' })
  async mergedInto(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext) {
    return organization.mergedIntoId ? loaders.organizationsById.load(organization.mergedIntoId) : null;
  }

  @FieldResolver(() => Passport)
  passport(@Root() organization: Organization): Passport {
    return passportOf(organization);
  }

  /**
   * Personal data: the caller must manage this organization. Nullable, so that one refused node
   * fails alone (FORBIDDEN on its own field) and a list of organizations keeps the others; the
   * scope check of a whole level goes through the scope's batched loader.
   */
  @FieldResolver(() => Chair, {
    nullable: true,
    description: 'Personal data: for admins of this organization (FORBIDDEN otherwise)',
  })
  async chair(@Root() organization: Organization, @Ctx() { scope }: OrganizationsContext): Promise<Chair> {
    await scope.assertCovers(organization.id, Ability.MANAGE);
    return organization.chair;
  }

  /** Old and new chair contacts and who changed them: the same records as `chair`. */
  @FieldResolver(() => [OrganizationEvent], {
    nullable: true,
    description:
      'Creation, changes, moves, liquidation, mergers; oldest first. For admins of this organization (FORBIDDEN otherwise)',
  })
  async history(
    @Root() organization: Organization,
    @Ctx() { loaders, scope }: OrganizationsContext,
  ): Promise<OrganizationEvent[]> {
    await scope.assertCovers(organization.id, Ability.MANAGE);
    return loaders.eventsByOrganizationId.load(organization.id);
  }
}
