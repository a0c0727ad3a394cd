import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { DomainError, ErrorCode } from '@registry/lib';
import { BonusChannel } from '../entities/card-enums';
import { requireHolder } from './holder-scope';

/**
 * Enrolls an active member in the bonus program: in the app (the member, channel APP) or by an
 * admin of their organization (ADMIN). The member must have consented, in the members subgraph,
 * to share data with the program. Enrolling an enrolled member changes nothing; a member who
 * left the program (consent withdrawn) and consented again is enrolled anew.
 */
export async function enrollInBonusProgram(em: EntityManager, scope: Scope, memberId: string, channel: BonusChannel): Promise<void> {
  await em.transactional(async (tx) => {
    const member = await requireHolder(tx, scope, memberId, { self: channel === BonusChannel.APP, active: true });
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
      [member.id, channel, scope.viewer.subject],
    );
  });
}
