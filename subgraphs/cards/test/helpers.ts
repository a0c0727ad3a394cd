import { centralAdmin } from '@registry/tests';
import type { CardsWorld } from './fixtures';
import { dataOf, OPS } from './fixtures';

/** Orders, exports, produces and issues plastic cards for the organization's subtree (as a central admin). */
export async function issuePlasticCards(world: CardsWorld, code: string): Promise<string> {
  const { id } = dataOf<{ id: string }>(
    await world.harness.execute(OPS.order, { org: world.org(code) }, centralAdmin),
    'orderCardBatch',
  );
  for (const operation of [OPS.export, OPS.produced, OPS.issued]) {
    const result = await world.harness.execute(operation, { id }, centralAdmin);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  }
  return id;
}

/** The member's card of a kind still in its life, straight from the table. */
export async function liveCard(
  world: CardsWorld,
  memberId: string,
  kind: 'PLASTIC' | 'VIRTUAL',
): Promise<{ id: string; number: string; status: string }> {
  const [card] = await world.harness.orm.em
    .fork()
    .execute<{ id: string; number: string; status: string }[]>(
      `select id, number, status from cards.union_card where member_id = ? and kind = ? and status not in ('LOST', 'REPLACED', 'REVOKED')`,
      [memberId, kind],
    );
  if (!card) throw new Error(`member ${memberId} has no live ${kind} card`);
  return card;
}

/** A virtual card issued and activated by the member in the app: its id, number and QR payload. */
export async function activeVirtualCard(
  world: CardsWorld,
  memberId: string,
  viewer = centralAdmin,
): Promise<{ id: string; number: string; qrPayload: string }> {
  const card = dataOf<{ id: string; number: string }>(
    await world.harness.execute(OPS.issueVirtual, { member: memberId }, viewer),
    'issueVirtualCard',
  );
  const { qrPayload } = dataOf<{ qrPayload: string }>(
    await world.harness.execute(OPS.activate, { card: card.id }, viewer),
    'activateVirtualCard',
  );
  return { id: card.id, number: card.number, qrPayload };
}
