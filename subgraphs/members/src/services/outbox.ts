import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Domain events other subgraphs and notifications react to. Written in the transaction of the
 * change they announce (transactional outbox), so an event exists if and only if the change does.
 * Format: see docs/events.md.
 */
export type MemberEventType =
  | 'member.admitted'
  /** One per members import, for all the members it admitted (docs/events.md). */
  | 'member.imported'
  | 'member.transferred'
  | 'member.left'
  | 'member.excluded'
  | 'member.deceased'
  | 'member.reinstated'
  | 'member.merged'
  | 'member.bonus_consent_withdrawn'
  | 'application.submitted'
  | 'application.rejected';

export interface OutboxPayload {
  memberId?: string | undefined;
  organizationId?: string | undefined;
  fromOrganizationId?: string | undefined;
  occurredOn?: string | undefined;
  reason?: string | null | undefined;
  actor?: string | null | undefined;
  [key: string]: unknown;
}

export async function recordOutboxEvent(
  em: EntityManager,
  type: MemberEventType,
  aggregateId: string,
  payload: OutboxPayload,
): Promise<void> {
  await em.execute('insert into members.outbox_event (type, aggregate_id, payload) values (?, ?, ?::jsonb)', [
    type,
    aggregateId,
    JSON.stringify({ version: 1, ...payload }),
  ]);
}
