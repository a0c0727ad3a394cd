import type { EntityManager } from '@mikro-orm/postgresql';
import { CardEvent } from '../entities/card-event';
import type { CardStatus } from '../entities/card-enums';
import type { UnionCard } from '../entities/union-card';

/** Records a status change of one card in the caller's transaction; bulk changes log in their own SQL. */
export function recordCardEvent(
  em: EntityManager,
  card: UnionCard,
  from: CardStatus | null,
  actor: string | null,
  reason: string | null,
): void {
  const event = new CardEvent();
  event.cardId = card.id;
  event.fromStatus = from;
  event.toStatus = card.status;
  event.actor = actor;
  event.reason = reason;
  em.persist(event);
}
