import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { logger, pgArray } from '@registry/lib';
import { MEMBER_V1, OUTBOX_EVENT_V1 } from '@registry/members/contract';
import { LIVE_STATUSES } from '../entities/card-enums';

/** Name of this consumer's row in `cards.consumed_event_cursor`. */
export const MEMBER_EVENTS_CONSUMER = 'cards.member-events';

/** Events after which a person is no longer a member: their cards are revoked, their bonus participation ends. */
const MEMBERSHIP_ENDED = new Set(['member.left', 'member.excluded', 'member.deceased', 'member.merged']);
const CONSENT_WITHDRAWN = 'member.bonus_consent_withdrawn';

export interface ConsumedEvents {
  /** Events read (of any type) and passed by the cursor. */
  processed: number;
  lastEventId: number;
  revokedCards: number;
  endedParticipations: number;
}

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  payload: { memberId?: unknown; mergedMemberId?: unknown };
}

/**
 * Reacts to the members subgraph's outbox (docs/events.md): reads the events after this
 * consumer's cursor in id order, revokes every card still in its life of members who left, were
 * excluded, died or were merged into another record (history actor `system:<event type>`), ends
 * their bonus participation, ends the participation of members who withdrew their bonus consent,
 * and moves the cursor — all in one transaction, so a crash repeats the batch rather than losing it.
 *
 * Each reaction re-checks the member's current state in `MEMBER_V1` (a reinstated member's
 * new card is never revoked by their old exit event), so replaying events is harmless. The cursor
 * row is locked, so two processes consume one after the other, never the same events twice at once.
 */
export async function processMemberEvents(
  em: EntityManager,
  options: { limit?: number } = {},
): Promise<ConsumedEvents> {
  const limit = options.limit ?? 500;
  return em.transactional(async (tx) => {
    await tx.execute(
      'insert into cards.consumed_event_cursor (consumer) values (?) on conflict (consumer) do nothing',
      [MEMBER_EVENTS_CONSUMER],
    );
    const [cursor] = await tx.execute<{ last_event_id: string }[]>(
      'select last_event_id from cards.consumed_event_cursor where consumer = ? for update',
      [MEMBER_EVENTS_CONSUMER],
    );
    const after = Number(cursor?.last_event_id ?? 0);
    const events = await tx.execute<OutboxRow[]>(
      `select id, type, aggregate_id, payload from ${OUTBOX_EVENT_V1} where id > ? order by id limit ?`,
      [after, limit],
    );
    const last = events.at(-1);
    if (!last) return { processed: 0, lastEventId: after, revokedCards: 0, endedParticipations: 0 };

    const ended = events
      .filter((event) => MEMBERSHIP_ENDED.has(event.type))
      .map((event) => ({ memberId: subjectOf(event), event }));
    const withdrawn = events.filter((event) => event.type === CONSENT_WITHDRAWN).map((event) => subjectOf(event));
    const revokedCards = ended.length > 0 ? await revokeCards(tx, ended) : 0;
    const endedParticipations =
      ended.length + withdrawn.length > 0
        ? await endParticipations(tx, [...ended.map((e) => e.memberId), ...withdrawn])
        : 0;
    await tx.execute(
      'update cards.consumed_event_cursor set last_event_id = ?, updated_at = now() where consumer = ?',
      [last.id, MEMBER_EVENTS_CONSUMER],
    );
    return { processed: events.length, lastEventId: Number(last.id), revokedCards, endedParticipations };
  });
}

/** The member an event is about: for a merger, the record folded into the other. */
function subjectOf(event: OutboxRow): string {
  const subject =
    event.type === 'member.merged' ? event.payload.mergedMemberId : (event.payload.memberId ?? event.aggregate_id);
  return typeof subject === 'string' ? subject : event.aggregate_id;
}

/** One statement for the whole batch: lock the cards, revoke them, log each with its event. */
async function revokeCards(em: EntityManager, ended: { memberId: string; event: OutboxRow }[]): Promise<number> {
  const [row] = await em.execute<{ revoked: number }[]>(
    `with targets as (
       select distinct on (t.member_id) t.member_id, t.event_type, t.event_id
         from unnest(?::uuid[], ?::text[], ?::bigint[]) as t(member_id, event_type, event_id)
        order by t.member_id, t.event_id),
     live as (
       select c.id, c.status, t.event_type, t.event_id
         from cards.union_card c
         join targets t on t.member_id = c.member_id
         join ${MEMBER_V1} m on m.id = c.member_id and m.status <> 'ACTIVE'
        where c.status = any(?::text[])
          for update of c),
     revoked as (
       update cards.union_card c set status = 'REVOKED', updated_at = now() from live where c.id = live.id returning c.id),
     logged as (
       insert into cards.card_event (card_id, from_status, to_status, reason, actor)
       select live.id, live.status, 'REVOKED', 'membership ended (members outbox event ' || live.event_id || ')', 'system:' || live.event_type
         from live join revoked on revoked.id = live.id)
     select count(*)::int as revoked from revoked`,
    [
      pgArray(ended.map((e) => e.memberId)),
      pgArray(ended.map((e) => e.event.type)),
      pgArray(ended.map((e) => e.event.id)),
      pgArray(LIVE_STATUSES),
    ],
  );
  return row?.revoked ?? 0;
}

/** Ends participation of the given members who are no longer members or no longer consent. */
async function endParticipations(em: EntityManager, memberIds: string[]): Promise<number> {
  const [row] = await em.execute<{ ended: number }[]>(
    `with ended as (
       update cards.bonus_participant p set active = false, left_at = now()
         from ${MEMBER_V1} m
        where p.member_id = any(?::uuid[]) and p.active and m.id = p.member_id and (m.status <> 'ACTIVE' or not m.bonus_consent)
       returning p.member_id)
     select count(*)::int as ended from ended`,
    [pgArray(memberIds)],
  );
  return row?.ended ?? 0;
}

/**
 * Runs `processMemberEvents` every `intervalMs` (default 2 s, `CARDS_MEMBER_EVENTS_INTERVAL_MS`)
 * until stopped. Runs never overlap (the next is scheduled when one ends), the timer does not keep
 * the process alive, and a failed run is logged and retried at the next tick. A full batch is
 * followed at once by the next one, so a backlog drains without waiting.
 */
export function startMemberEventsPoller(orm: MikroORM, intervalMs: number): () => Promise<void> {
  const limit = 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = processMemberEvents(orm.em.fork(), { limit })
      .then((outcome) => outcome.processed === limit)
      .catch((error: unknown) => {
        logger.error({ service: 'cards', err: error }, 'consuming member events failed; retrying at the next tick');
        return false;
      })
      .then((more) => {
        if (!stopped) schedule(more ? 0 : intervalMs);
      });
  };
  const schedule = (delay: number): void => {
    timer = setTimeout(tick, delay);
    timer.unref();
  };
  schedule(intervalMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
