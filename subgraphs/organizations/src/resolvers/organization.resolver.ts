import { decodeCursor, pageSize, toConnection, UUID } from '@registry/lib';
import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { OrganizationsContext } from '../context';
import { Organization } from '../entities/organization';
import { OrganizationLevel } from '../entities/organization-enums';
import {
  createOrganization,
  liquidateOrganization,
  mergeOrganization,
  moveOrganization,
  updateOrganization,
} from '../services/organization.service';
import { searchOrganizations } from '../services/organization-search';
import {
  ClosureInput,
  CreateOrganizationInput,
  OrganizationPassportInput,
  OrganizationsArgs,
} from './organization.input';
import { OrganizationConnection } from './organization-views';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true })
  async organization(
    @Arg('id', () => UUID) id: string,
    @Ctx() { loaders }: OrganizationsContext,
  ): Promise<Organization | null> {
    return loaders.organizationsById.load(id);
  }

  @Query(() => Organization, { nullable: true, description: 'An organization by its unique registry code' })
  async organizationByCode(
    @Arg('code', () => String) code: string,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<Organization | null> {
    return em.findOne(Organization, { code: code.trim() });
  }

  @Query(() => Organization, { nullable: true, description: 'The central council, root of the tree' })
  async root(@Ctx() { em }: OrganizationsContext): Promise<Organization | null> {
    return em.findOne(Organization, { level: OrganizationLevel.CENTRAL });
  }

  @Query(() => OrganizationConnection, {
    description: 'Organizations matching a filter, ordered by name, a page at a time',
  })
  async organizations(
    @Args() { filter, first, after }: OrganizationsArgs,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<OrganizationConnection> {
    const size = pageSize(first);
    const position = after ? decodeCursor(after, ['string', 'uuid']) : null;
    const { rows, totalCount } = await searchOrganizations(em, filter ?? {}, {
      size,
      after: position ? [String(position[0]), String(position[1])] : null,
    });
    return toConnection(rows, size, (organization) => [organization.name, organization.id], totalCount);
  }

  @Mutation(() => Organization)
  async createOrganization(
    @Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput,
    @Ctx() ctx: OrganizationsContext,
  ) {
    return createOrganization(ctx.em, ctx.viewer, input);
  }

  @Mutation(() => Organization)
  async updateOrganization(
    @Arg('id', () => UUID) id: string,
    @Arg('input', () => OrganizationPassportInput) input: OrganizationPassportInput,
    @Ctx() ctx: OrganizationsContext,
  ) {
    return updateOrganization(ctx.em, ctx.viewer, id, input);
  }

  @Mutation(() => Organization, { description: 'Moves an organization with its whole subtree under a new parent' })
  async moveOrganization(
    @Arg('id', () => UUID) id: string,
    @Arg('newParentId', () => UUID) newParentId: string,
    @Ctx() ctx: OrganizationsContext,
  ) {
    return moveOrganization(ctx.em, ctx.viewer, id, newParentId);
  }

  @Mutation(() => Organization, {
    description:
      'Liquidates an organization with no active children and no active members in its subtree (INVALID_STATE with the count otherwise: transfer them first); the date cannot be in the future',
  })
  async liquidateOrganization(
    @Arg('id', () => UUID) id: string,
    @Arg('closure', () => ClosureInput) closure: ClosureInput,
    @Ctx() ctx: OrganizationsContext,
  ) {
    return liquidateOrganization(ctx.em, ctx.viewer, id, closure);
  }

  @Mutation(() => Organization, {
    description:
      'Merges an organization into another of its level; returns the one that remains. Its children move under that one; its own active members must be transferred there first (INVALID_STATE with the count otherwise)',
  })
  async mergeOrganization(
    @Arg('id', () => UUID) id: string,
    @Arg('intoId', () => UUID) intoId: string,
    @Arg('closure', () => ClosureInput) closure: ClosureInput,
    @Ctx() ctx: OrganizationsContext,
  ) {
    return mergeOrganization(ctx.em, ctx.viewer, id, intoId, closure);
  }
}
