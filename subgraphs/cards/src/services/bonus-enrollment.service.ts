import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@registry/lib';
import { DomainError, ErrorCode } from '@registry/lib';
import { BonusChannel } from '../entities/card-enums';
import { assertCanActFor } from './access';
import { requireMember } from './member-directory';

/**
 * Enrolls an active member in the bonus program: in the app (the member, channel APP) or by an
 * admin of their organization (ADMIN). The member must have consented, in the members subgraph,
 * to share data with the program. Enrolling an enrolled member changes nothing; a member who
 * left the program (consent withdrawn) and consented again is enrolled anew.
 */
export async function enrollInBonusProgram(em: EntityManager, viewer: Viewer, memberId: string, channel: BonusChannel): Promise<void> {
  await em.transactional(async (tx) => {
    const member = await requireMember(tx, memberId, { active: true });
    await assertCanActFor(tx, viewer, member, { self: channel === BonusChannel.APP });
    if (!member.bonusConsent) {
      throw new DomainError(ErrorCode.CONSENT_REQUIRED, `Member ${member.id} has not consented to share data with the bonus program; record the consent first`, {
        field: 'memberId',
      });
    }
    await tx.execute(
      `insert into cards.bonus_participant (member_id, channel, active, enrolled_by)
       values (?, ?, true, ?)
       on conflict (member_id) do update
         set channel = excluded.channel, active = true, enrolled_at = now(), enrolled_by = excluded.enrolled_by, left_at = null
         where not cards.bonus_participant.active`,
      [member.id, channel, viewer.subject],
    );
  });
}
