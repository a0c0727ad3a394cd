import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { readPersonalDataLog } from '../services/audit';
import { PersonalDataAccessFilter } from './personal-data-access.input';
import { PersonalDataAccess, PersonalDataAccessConnection } from './personal-data-access-views';

@Resolver(() => PersonalDataAccess)
export class PersonalDataAccessResolver {
  @Query(() => PersonalDataAccessConnection, {
    description: 'Who read whose personal data, newest first (central admins)',
  })
  async personalDataAccessLog(
    @Arg('filter', () => PersonalDataAccessFilter, { nullable: true })
    filter: PersonalDataAccessFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { em, scope }: MembersContext,
  ) {
    return readPersonalDataLog(em, scope, filter ?? {}, first, after);
  }
}
