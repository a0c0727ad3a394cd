import { sdk } from '@registry/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { fieldOf, openStackHarness } from '../support/stack-harness';

// The SDK front-end teams get (gateway/src/sdk, generated from operations/*.graphql): each typed
// document against the real gateway, its answer read through the generated types.
let harness: StackHarness;
let central: string;

beforeAll(async () => {
  harness = await openStackHarness('sdk', {}, { demo: 'union' });
  central = harness.token({ sub: 'sdk-central', roles: ['CENTRAL_ADMIN'] });
}, 240_000);

afterAll(async () => {
  await harness?.close();
});

/** Members of the demo's first primaries with a card in use, as an admin sees them. */
async function membersWithCards(): Promise<{ id: string; number: string }[]> {
  const answer = await harness.post(
    '{ organizations(filter: { level: PRIMARY }, first: 60) { nodes { members(first: 8) { nodes { id activeCard { number } } } } } }',
    {},
    { token: central },
  );
  const page = fieldOf<{
    nodes: { members: { nodes: { id: string; activeCard: { number: string } | null }[] } | null }[];
  }>(answer, 'organizations');
  return page.nodes
    .flatMap((organization) => organization.members?.nodes ?? [])
    .flatMap((member) => (member.activeCard ? [{ id: member.id, number: member.activeCard.number }] : []));
}

describe('the typed SDK', () => {
  it("the chair's inbox: the demo's pending applications, oldest first", async () => {
    const answer = await harness.request(sdk.ApplicationInboxDocument, { first: 50 }, { token: central });
    expect(answer.errors).toBeUndefined();
    const inbox = answer.data?.applicationInbox;
    expect(inbox?.totalCount).toBe(24);
    const submitted = inbox?.nodes.map((node) => node.submittedAt) ?? [];
    expect(submitted).toEqual([...submitted].sort());
    expect(inbox?.nodes.every((node) => node.status === 'PENDING' && node.organization.code.length > 0)).toBe(true);
  });

  it('the personal account, and a partner verifying that member’s card and reporting a purchase', async () => {
    const partner = await harness.post(
      'mutation { createPartner(input: { name: "SDK Книги", category: "Книги", cashbackRateBp: 500 }) { apiKey } }',
      {},
      { token: central },
    );
    const apiKey = fieldOf<{ apiKey: string }>(partner, 'createPartner').apiKey;

    // The first member whose card earns cashback (enrolled in the bonus programme).
    let holder: { id: string; number: string } | undefined;
    for (const candidate of await membersWithCards()) {
      const verification = await harness.request(
        sdk.VerifyCardDocument,
        { payloadOrNumber: candidate.number },
        { apiKey },
      );
      expect(verification.errors).toBeUndefined();
      expect(verification.data?.verifyCard).toMatchObject({ result: 'VALID', activeMember: true });
      if (verification.data?.verifyCard.bonusEligible) {
        holder = candidate;
        break;
      }
    }
    if (!holder) throw new Error('Expected a demo member whose card is bonus-eligible');

    const me = await harness.request(
      sdk.MeDocument,
      {},
      { token: harness.token({ sub: `member-${holder.id}`, roles: ['MEMBER'], member: holder.id }) },
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.id).toBe(holder.id);
    expect(me.data?.me.activeCard?.number).toBe(holder.number);
    expect(me.data?.me.fullName.length).toBeGreaterThan(0);

    const input = {
      idempotencyKey: `sdk-${holder.id}`,
      cardNumberOrPayload: holder.number,
      amountKopecks: 100_000,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    };
    const purchase = await harness.request(sdk.ReportPurchaseDocument, { input }, { apiKey });
    expect(purchase.errors).toBeUndefined();
    expect(purchase.data?.reportPurchase).toMatchObject({
      idempotencyKey: input.idempotencyKey,
      amountKopecks: 100_000,
      cashbackRateBp: 500,
      cashbackKopecks: 5_000,
    });
  });
});
