import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@registry/lib';
import { Ability, DomainError, ErrorCode, pgArray, today } from '@registry/lib';
import { MEMBER_V1 } from '@registry/members/contract';
import { ORGANIZATION_V1, SUBTREE_V1 } from '@registry/organizations/contract';
import { BatchStatus, CardStatus, LIVE_STATUSES } from '../entities/card-enums';
import { ProductionBatch } from '../entities/production-batch';
import { expiryFrom } from './card-issue';
import type { CardNumberOptions } from './card-number';
import { CARD_NUMBER_PREFIX, checkCardNumberOptions, DEFAULT_CARD_NUMBERS } from './card-number';
import { missingTarget } from './holder-scope';
import { requireActiveOrganization } from './member-directory';
import type { BatchFileRow } from './production-batch.csv';
import { batchFileCsv } from './production-batch.csv';

/** The active members of a subtree (parameter: its root) with the subject code their numbers carry. */
const SUBTREE_MEMBERS = `
  select m.id as member_id, coalesce(o.subject_code, '00') as subject_code
    from ${SUBTREE_V1} s
    join ${MEMBER_V1} m on m.organization_id = s.descendant_id and m.status = 'ACTIVE'
    join ${ORGANIZATION_V1} o on o.id = m.organization_id
   where s.ancestor_id = ?`;

/** Rounds of drawing numbers for a batch before giving up (see `insertFreshCards`). */
const MAX_NUMBERING_ROUNDS = 32;

// Plastic cards in bulk: order for every active member of a subtree who has no plastic card, send
// the manufacturer's file, record delivery and handing out. Every step is one transaction and a
// few set-based statements, whatever the batch's size.
//
// Batch:  ORDERED --export--> IN_PRODUCTION --markBatchProduced--> PRODUCED --markBatchIssued--> ISSUED
// Cards:  ORDERED --export--> IN_PRODUCTION (expiry fixed: it is printed) ----------------------> ISSUED (issued today)

/**
 * Orders plastic cards for the active members of `organizationId`'s subtree who have none in
 * their life (ordered, in production, issued or blocked): new cards, plus replacement cards
 * ordered on their own (after a loss) and not yet in a batch. Ordering again finds nobody, so
 * it creates nothing and answers NOTHING_TO_ORDER rather than an empty batch.
 */
export async function orderCardBatch(
  em: EntityManager,
  scope: Scope,
  organizationId: string,
  numbers: CardNumberOptions = DEFAULT_CARD_NUMBERS,
): Promise<ProductionBatch> {
  return em.transactional(async (em) => {
    // Scope first: whether an organization outside it exists or is active is not the viewer's to learn.
    await scope.assertCovers(organizationId, Ability.MANAGE);
    await requireActiveOrganization(em, organizationId);
    // Orders of overlapping subtrees would otherwise both see a member without a card.
    await em.execute(`select pg_advisory_xact_lock(hashtext('cards.order_card_batch'))`);
    const batch = new ProductionBatch();
    batch.organizationId = organizationId;
    batch.orderedBy = scope.viewer.subject;
    em.persist(batch);
    await em.flush();
    const [attached] = await em.execute<{ attached: number }[]>(
      `with attached as (
         update cards.union_card c set batch_id = ?, updated_at = now()
           from (${SUBTREE_MEMBERS}) scope
          where c.member_id = scope.member_id and c.kind = 'PLASTIC' and c.status = 'ORDERED' and c.batch_id is null
         returning c.id)
       select count(*)::int as attached from attached`,
      [batch.id, organizationId],
    );
    const total = (attached?.attached ?? 0) + (await insertFreshCards(em, scope, numbers, batch, organizationId));
    if (total === 0) {
      throw new DomainError(
        ErrorCode.NOTHING_TO_ORDER,
        `Every active member of organization ${organizationId}'s subtree already has a plastic card`,
        {
          organizationId,
        },
      );
    }
    batch.cardCount = total;
    return batch;
  });
}

/**
 * Cards with random numbers for the subtree's active members with no plastic card in its life,
 * with their history rows, set-based. A drawn number already taken (by an older card, or twice
 * in this draw) is skipped by `on conflict (number) do nothing`; its member still has no card,
 * so the next round draws again for exactly those. With 10^9 serials per region a round leaves
 * a member out with the odds (cards of the region) / 10^9, so a second round is rare and a
 * third practically never happens; the bound only stops a test's tiny space from looping.
 */
async function insertFreshCards(
  em: EntityManager,
  scope: Scope,
  numbers: CardNumberOptions,
  batch: ProductionBatch,
  organizationId: string,
): Promise<number> {
  const { serialSpace } = checkCardNumberOptions(numbers);
  let created = 0;
  for (let round = 1; round <= MAX_NUMBERING_ROUNDS; round += 1) {
    const [counts] = await em.execute<{ wanted: number; created: number }[]>(
      `with fresh as (
         select scope.member_id, ? || scope.subject_code || cards.random_card_serial(?) as body
           from (${SUBTREE_MEMBERS}) scope
          where not exists (select 1 from cards.union_card c
                             where c.member_id = scope.member_id and c.kind = 'PLASTIC' and c.status = any(?::text[]))),
       inserted as (
         insert into cards.union_card (number, member_id, kind, status, batch_id)
         select body || cards.luhn_check_digit(body), member_id, 'PLASTIC', 'ORDERED', ?::uuid from fresh
         on conflict (number) do nothing
         returning id),
       logged as (
         insert into cards.card_event (card_id, from_status, to_status, reason, actor)
         select id, null, 'ORDERED', ?, ? from inserted)
       select (select count(*) from fresh)::int as wanted, (select count(*) from inserted)::int as created`,
      [
        CARD_NUMBER_PREFIX,
        serialSpace,
        organizationId,
        pgArray(LIVE_STATUSES),
        batch.id,
        `ordered in batch ${batch.id}`,
        scope.viewer.subject,
      ],
    );
    created += counts?.created ?? 0;
    if ((counts?.wanted ?? 0) === (counts?.created ?? 0)) return created;
  }
  throw new Error(
    `No free card numbers for every member of organization ${organizationId}'s subtree after ${MAX_NUMBERING_ROUNDS} rounds of random draws from ${serialSpace} serials`,
  );
}

/**
 * The manufacturer's file. The first export sends the batch to production: its cards become
 * IN_PRODUCTION and get their expiry, since it is printed on them. Later exports (a lost file)
 * return the same rows, less cards revoked since. Cards of people who are no longer members are
 * left out even before the outbox consumer has revoked them.
 */
export async function exportCardBatch(em: EntityManager, scope: Scope, batchId: string): Promise<string> {
  return em.transactional(async (em) => {
    const batch = await lockBatch(em, scope, batchId);
    if (batch.status === BatchStatus.ISSUED)
      throw wrongStatus(batch, [BatchStatus.ORDERED, BatchStatus.IN_PRODUCTION, BatchStatus.PRODUCED]);
    if (batch.status === BatchStatus.ORDERED) {
      await moveBatchCards(em, scope, batch, CardStatus.ORDERED, CardStatus.IN_PRODUCTION, {
        expiresOn: expiryFrom(today()),
      });
      batch.status = BatchStatus.IN_PRODUCTION;
      batch.exportedAt = new Date();
    }
    const rows = await em.execute<BatchFileRow[]>(
      `select c.number as card_number, m.registration_number, to_char(c.expires_on, 'YYYY-MM') as expiry,
              substr(c.number, 5, 2) as region_code, o.code as organization_code
         from cards.union_card c
         join ${MEMBER_V1} m on m.id = c.member_id and m.status = 'ACTIVE'
         join ${ORGANIZATION_V1} o on o.id = m.organization_id
        where c.batch_id = ? and c.status = 'IN_PRODUCTION'
        order by o.code, c.number`,
      [batch.id],
    );
    return batchFileCsv(rows);
  });
}

/** The manufacturer delivered the cards; they stay IN_PRODUCTION until handed out. */
export async function markBatchProduced(em: EntityManager, scope: Scope, batchId: string): Promise<ProductionBatch> {
  return em.transactional(async (em) => {
    const batch = await lockBatch(em, scope, batchId);
    if (batch.status !== BatchStatus.IN_PRODUCTION)
      throw wrongStatus(batch, [BatchStatus.IN_PRODUCTION], NEXT_STEP[batch.status]);
    batch.status = BatchStatus.PRODUCED;
    batch.producedAt = new Date();
    return batch;
  });
}

/** The cards were handed to the members: ISSUED today, in use until their printed expiry. */
export async function markBatchIssued(em: EntityManager, scope: Scope, batchId: string): Promise<ProductionBatch> {
  return em.transactional(async (em) => {
    const batch = await lockBatch(em, scope, batchId);
    if (batch.status !== BatchStatus.PRODUCED)
      throw wrongStatus(batch, [BatchStatus.PRODUCED], NEXT_STEP[batch.status]);
    await moveBatchCards(em, scope, batch, CardStatus.IN_PRODUCTION, CardStatus.ISSUED, { issuedOn: today() });
    batch.status = BatchStatus.ISSUED;
    batch.issuedAt = new Date();
    return batch;
  });
}

/**
 * Every due plastic card of `organizationId`'s subtree, ordered, exported, produced and issued in
 * one go: what a card office does for a demo or a generated union (the development stack's demo
 * union, tests/generator), where no manufacturer sits between the steps. Each step is the API's own
 * operation, with its scope check and history. A subtree with nothing to order (no active member,
 * or every one already has a card) answers null rather than NOTHING_TO_ORDER, so a caller can
 * walk every territorial organization.
 */
export async function issueDuePlasticCards(
  em: EntityManager,
  scope: Scope,
  organizationId: string,
): Promise<ProductionBatch | null> {
  const batch = await orderCardBatch(em, scope, organizationId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === ErrorCode.NOTHING_TO_ORDER) return null;
    throw error;
  });
  if (!batch) return null;
  await exportCardBatch(em, scope, batch.id);
  await markBatchProduced(em, scope, batch.id);
  return markBatchIssued(em, scope, batch.id);
}

/** Batches ordered for `organizationId`'s subtree (its own and its descendants'), newest first. */
export async function listProductionBatches(
  em: EntityManager,
  scope: Scope,
  organizationId: string,
  limit = 200,
): Promise<ProductionBatch[]> {
  await scope.assertCovers(organizationId, Ability.MANAGE);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select b.* from cards.production_batch b
       join ${SUBTREE_V1} s on s.descendant_id = b.organization_id and s.ancestor_id = ?
      order by b.ordered_at desc, b.id
      limit ?`,
    [organizationId, limit],
  );
  return rows.map((row) => em.map(ProductionBatch, row));
}

/** One batch, for its organization's admins; null when there is none. */
export async function findProductionBatch(
  em: EntityManager,
  scope: Scope,
  batchId: string,
): Promise<ProductionBatch | null> {
  const batch = await em.findOne(ProductionBatch, { id: batchId });
  if (!batch) {
    if (scope.isEverywhere(Ability.MANAGE)) return null;
    throw missingTarget(scope, 'ProductionBatch', 'id', batchId);
  }
  await scope.assertCovers(batch.organizationId, Ability.MANAGE);
  return batch;
}

/** Moves the batch's cards of active members from one status to the next, with their history, in one statement. */
async function moveBatchCards(
  em: EntityManager,
  scope: Scope,
  batch: ProductionBatch,
  from: CardStatus,
  to: CardStatus,
  dates: { expiresOn?: string; issuedOn?: string },
): Promise<void> {
  await em.execute(
    `with moved as (
       update cards.union_card c
          set status = ?, expires_on = coalesce(?::date, c.expires_on), issued_on = coalesce(?::date, c.issued_on), updated_at = now()
         from ${MEMBER_V1} m
        where c.batch_id = ? and c.status = ? and m.id = c.member_id and m.status = 'ACTIVE'
       returning c.id)
     insert into cards.card_event (card_id, from_status, to_status, reason, actor)
     select id, ?, ?, ?, ? from moved`,
    [
      to,
      dates.expiresOn ?? null,
      dates.issuedOn ?? null,
      batch.id,
      from,
      from,
      to,
      `batch ${batch.id}`,
      scope.viewer.subject,
    ],
  );
}

async function lockBatch(em: EntityManager, scope: Scope, id: string): Promise<ProductionBatch> {
  // A batch's organization never changes, so its scope is checked before the lock.
  const [found] = await em.execute<{ organization_id: string }[]>(
    'select organization_id from cards.production_batch where id = ?',
    [id],
  );
  if (!found) throw missingTarget(scope, 'ProductionBatch', 'batchId', id);
  await scope.assertCovers(found.organization_id, Ability.MANAGE);
  await em.execute('select id from cards.production_batch where id = ? for update', [id]);
  return em.findOneOrFail(ProductionBatch, { id }, { refresh: true });
}

/** What to do with a batch in each state, for errors that refuse a step out of order. */
const NEXT_STEP: Record<BatchStatus, string> = {
  [BatchStatus.ORDERED]: 'export its file first (exportCardBatch)',
  [BatchStatus.IN_PRODUCTION]: 'mark it produced when the manufacturer delivers (markBatchProduced)',
  [BatchStatus.PRODUCED]: 'it is already produced; mark it issued when the cards are handed out (markBatchIssued)',
  [BatchStatus.ISSUED]: 'it is already issued; nothing is left to do',
};

function wrongStatus(batch: ProductionBatch, expected: readonly BatchStatus[], hint?: string): DomainError {
  return new DomainError(
    ErrorCode.INVALID_STATE,
    `Batch ${batch.id} is ${batch.status}, expected ${expected.join(' or ')}${hint ? `: ${hint}` : ''}`,
    { field: 'batchId', status: batch.status, expected },
  );
}
