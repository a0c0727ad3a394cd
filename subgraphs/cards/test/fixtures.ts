import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Scope, Viewer } from '@registry/lib';
import { Role, scopeOf } from '@registry/lib';
import { enterMember, ExitKind, membersSubgraph, recordMemberExit } from '@registry/members';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import type { SubgraphHarness } from '@registry/tests';
import { centralAdmin, openSubgraphHarness, organizationIds, TWO_REGIONS, unionCsv } from '@registry/tests';
import type { ExecutionResult } from 'graphql';
import { cardsSubgraph } from '../src';
import { createPartner } from '../src/services/partner.service';

/** Two regions (subject codes 77 and 50), a territorial organization, primary ones. */
const UNION = unionCsv(TWO_REGIONS);

export interface CardsWorld {
  harness: SubgraphHarness;
  membersOrm: MikroORM;
  org(code: string): string;
  /** The members subgraph's services take an entity manager of theirs and a scope over it. */
  membersAs(viewer: Viewer): [EntityManager, Scope];
  /** Admits a member through the members subgraph's own service; each call is a different person. */
  admit(code: string, overrides?: Record<string, unknown>): Promise<string>;
  /** Ends a membership through the members subgraph (writes its outbox event). */
  exit(memberId: string, kind?: ExitKind): Promise<void>;
  /** A partner of the program, with its viewer (what its API key authenticates to) and its key. */
  partner(input?: { cashbackRateBp?: number; name?: string }): Promise<{ id: string; apiKey: string; viewer: Viewer }>;
  close(): Promise<void>;
}

let people = 0;

/** The cards subgraph on a database where the organizations and members subgraphs hold a small union. */
export async function openCardsWorld(): Promise<CardsWorld> {
  const harness = await openSubgraphHarness(cardsSubgraph, { requires: [organizationsSubgraph, membersSubgraph] });
  const [organizationsOrm, membersOrm] = harness.others;
  if (!organizationsOrm || !membersOrm) throw new Error('the organizations and members subgraphs did not open');
  const outcome = await importOrganizations(organizationsOrm.em.fork(), centralAdmin, UNION);
  if (outcome.errors.length > 0) throw new Error(JSON.stringify(outcome.errors));
  const { org } = await organizationIds(harness.orm.em);
  const membersAs = (viewer: Viewer): [EntityManager, Scope] => {
    const em = membersOrm.em.fork();
    return [em, scopeOf(em, viewer)];
  };
  return {
    harness,
    membersOrm,
    membersAs,
    org,
    admit: async (code, overrides = {}) => {
      people += 1;
      const member = await enterMember(...membersAs(centralAdmin), {
        organizationId: org(code),
        lastName: 'Учительница',
        firstName: 'Анна',
        // A distinct birth date per person: same name and birth date would be the same person.
        birthDate: `19${60 + Math.floor(people / 300)}-${String(1 + (Math.floor(people / 28) % 12)).padStart(2, '0')}-${String(1 + (people % 28)).padStart(2, '0')}`,
        category: 'EMPLOYEE',
        consentVersion: '2026-01',
        bonusConsent: true,
        ...overrides,
      });
      return member.id;
    },
    exit: async (memberId, kind = ExitKind.LEFT) => {
      await recordMemberExit(...membersAs(centralAdmin), memberId, kind, {
        reason: kind === ExitKind.EXCLUDED ? 'неуплата взносов' : 'переезд',
      });
    },
    partner: async (input = {}) => {
      const { partner, apiKey } = await createPartner(harness.orm.em.fork(), {
        name: input.name ?? 'Книжный дом',
        category: 'Книги',
        cashbackRateBp: input.cashbackRateBp ?? 250,
        regions: ['77'],
      });
      return { id: partner.id, apiKey, viewer: partnerViewer(partner.id) };
    },
    close: () => harness.close(),
  };
}

/** What a partner's API key authenticates to (see authenticatePartnerApiKey). */
export const partnerViewer = (partnerId: string): Viewer => ({
  subject: `partner:${partnerId}`,
  roles: [Role.PARTNER],
  organizationId: null,
  memberId: null,
  partnerId,
});

export function dataOf<T>(result: ExecutionResult, field: string): T {
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  const value = result.data?.[field];
  if (value === undefined || value === null) throw new Error(`no ${field} in the result`);
  return value as T;
}

export async function count(
  harness: SubgraphHarness,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await harness.orm.em
    .fork()
    .execute<{ n: number }[]>(`select count(*)::int as n from cards.${table} where ${where}`, params);
  return row?.n ?? 0;
}

/** Operations the tests share. */
export const OPS = {
  order: 'mutation ($org: UUID!) { orderCardBatch(organizationId: $org) { id status cardCount } }',
  export: 'mutation ($id: UUID!) { exportCardBatch(batchId: $id) }',
  produced: 'mutation ($id: UUID!) { markBatchProduced(batchId: $id) { status producedAt } }',
  issued: 'mutation ($id: UUID!) { markBatchIssued(batchId: $id) { status issuedAt } }',
  issueVirtual:
    'mutation ($member: UUID!) { issueVirtualCard(memberId: $member) { id number kind status duplicates { id } } }',
  activate:
    'mutation ($card: UUID!) { activateVirtualCard(cardId: $card) { qrPayload card { id status issuedOn expiresOn } } }',
  verify: 'query ($text: String!) { verifyCard(payloadOrNumber: $text) { result activeMember bonusEligible reason } }',
  memberCards: `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member {
      id activeCard { id number kind status } cards { id number kind status } } } }`,
} as const;

export const memberRep = (id: string) => ({ __typename: 'Member', id });
