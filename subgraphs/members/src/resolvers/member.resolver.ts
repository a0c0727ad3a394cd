import { Ability, UUID } from '@registry/lib';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { Member } from '../entities/member';
import {
  enterMember,
  mergeMembers,
  recordMemberExit,
  reinstateMember,
  transferMember,
} from '../services/membership.service';
import { findPossibleDuplicates } from '../services/duplicates';
import { updateMember } from '../services/member-update';
import { AdmitMemberInput, ExitInput, MemberUpdateInput, MovementInput } from './member.input';
import { PossibleDuplicate } from './member-views';

/** Admins' work with member records; every read of personal data is audit-logged. */
@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'A member record (admins, within their subtree)' })
  async member(@Arg('id', () => UUID) id: string, @Ctx() { loaders, scope }: MembersContext): Promise<Member | null> {
    const member = await loaders.membersById.load(id);
    if (!member) return null;
    await scope.assertCovers(member.organizationId, Ability.MANAGE);
    return member;
  }

  @Query(() => [PossibleDuplicate], {
    description:
      'Records that may be one person (same SNILS or full name and birth date): two active ones, or an active and a former one',
  })
  async possibleDuplicates(
    @Arg('organizationId', () => UUID) organizationId: string,
    @Arg('includeFormer', () => Boolean, {
      defaultValue: true,
      description: 'Also pair active records with former members (LEFT, EXCLUDED, DECEASED)',
    })
    includeFormer: boolean,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return findPossibleDuplicates(em, scope, organizationId, { includeFormer });
  }

  @Mutation(() => Member, { description: 'Enters a member by hand (admins of the organization)' })
  async admitMember(
    @Arg('input', () => AdmitMemberInput) input: AdmitMemberInput,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return enterMember(em, scope, input);
  }

  @Mutation(() => Member)
  async updateMember(
    @Arg('id', () => UUID) id: string,
    @Arg('input', () => MemberUpdateInput) input: MemberUpdateInput,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return updateMember(em, scope, id, input);
  }

  @Mutation(() => Member, { description: 'Moves a member to another primary organization, keeping the history' })
  async transferMember(
    @Arg('id', () => UUID) id: string,
    @Arg('toOrganizationId', () => UUID) toOrganizationId: string,
    @Arg('movement', () => MovementInput, { nullable: true }) movement: MovementInput | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return transferMember(em, scope, id, toOrganizationId, movement ?? {});
  }

  @Mutation(() => Member, { description: 'Ends a membership: leaving, exclusion (reason required) or death' })
  async recordMemberExit(
    @Arg('id', () => UUID) id: string,
    @Arg('exit', () => ExitInput) exit: ExitInput,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return recordMemberExit(em, scope, id, exit.kind, exit);
  }

  @Mutation(() => Member)
  async reinstateMember(
    @Arg('id', () => UUID) id: string,
    @Arg('movement', () => MovementInput, { nullable: true }) movement: MovementInput | null | undefined,
    @Arg('organizationId', () => UUID, { nullable: true, description: 'Defaults to the last organization' })
    organizationId: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    // An input object carries its fields only: the service takes them as a plain Movement.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- see above
    return reinstateMember(em, scope, id, { ...movement, organizationId });
  }

  @Mutation(() => Member, {
    description:
      'Folds a duplicate record into the one kept (which must be ACTIVE); both keep their history, each with one MERGED event naming the other. ' +
      'The records must be one person by the duplicate rules (same SNILS, or same full name and birth date); otherwise only a central admin may merge them, stating a reason.',
  })
  async mergeMembers(
    @Arg('keepId', () => UUID) keepId: string,
    @Arg('duplicateId', () => UUID) duplicateId: string,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Required when the records do not match by the duplicate rules; central admins only',
    })
    reason: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return mergeMembers(em, scope, keepId, duplicateId, reason);
  }
}
