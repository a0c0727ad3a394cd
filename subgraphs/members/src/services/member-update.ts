import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, assertNoProblems } from '@registry/lib';
import type { Member } from '../entities/member';
import { MemberStatus } from '../entities/member-enums';
import { assertNotAlreadyMember, lockPerson } from './duplicates';
import { lockMember } from './membership.service';
import type { PersonInput } from './person-fields';
import { checkPersonFields } from './person-fields';

/** Corrects a record's personal data (admins); a correction must not make it a twin of another member. */
export async function updateMember(em: EntityManager, scope: Scope, id: string, input: PersonInput): Promise<Member> {
  const { fields, problems } = checkPersonFields(input, { required: false });
  assertNoProblems(problems);
  return em.transactional(async (tx) => {
    const member = await lockMember(tx, id);
    await scope.assertCovers(member.organizationId, Ability.MANAGE);
    Object.assign(member, fields);
    if (member.status === MemberStatus.ACTIVE) {
      // The corrected record must not race an admission of the person it now names.
      await lockPerson(tx, member);
      await assertNotAlreadyMember(tx, member, member.id);
    }
    return member;
  });
}
