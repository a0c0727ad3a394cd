import {
  activateVirtualCard,
  authenticatePartnerApiKey,
  BonusChannel,
  cardsSubgraph,
  createPartner,
  enrollInBonusProgram,
  issueDuePlasticCards,
  issueVirtualCard,
  reportPurchase,
} from '@registry/cards';
import type { OpenedSubgraph, Viewer } from '@registry/lib';
import { loadQrKeys, openSubgraph, Role, scopeOf } from '@registry/lib';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importMembers, membersSubgraph } from '@registry/members';
import { importOrganizations, organizationsSubgraph } from '@registry/organizations';
import { importBaselines, statisticsSubgraph } from '@registry/statistics';
import { membersCsv } from './members-csv';
import { between, pick, seeded } from './random';
import type { Scale } from './scales';
import { generateShape } from './union-shape';

/** Virtual cards are signed with this machine's keys (the development key unless CARD_QR_KEYS says otherwise). */
const QR_KEYS = loadQrKeys(process.env);

const loader: Viewer = {
  subject: 'generator',
  roles: [Role.CENTRAL_ADMIN],
  organizationId: null,
  memberId: null,
  partnerId: null,
};

export interface LoadProgress {
  step: string;
  done: number;
  total: number;
}

export interface LoadSummary {
  organizations: number;
  members: number;
  plasticCards: number;
  virtualCards: number;
  purchases: number;
  seconds: Record<string, number>;
}

/**
 * Loads a generated union into an empty registry through the registry's own paths: the
 * organizations CSV import, the members CSV import (COPY), the report import, production
 * batches, virtual-card activation, bonus enrollment and partners' purchase reports.
 */
export async function loadUnion(
  databaseUrl: string,
  scale: Scale,
  seed: number,
  onProgress: (progress: LoadProgress) => void = () => undefined,
): Promise<LoadSummary> {
  const random = seeded(seed);
  const opened: OpenedSubgraph[] = [];
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    seconds[step] = (Date.now() - started) / 1000;
    return result;
  };
  try {
    for (const subgraph of [organizationsSubgraph, membersSubgraph, cardsSubgraph, statisticsSubgraph])
      opened.push(await openSubgraph(subgraph, databaseUrl));
    const [organizations, members, cards, statistics] = opened;
    if (!organizations || !members || !cards || !statistics) throw new Error('Expected four subgraphs to open');
    const existing = await organizations.orm.em
      .fork()
      .execute<{ n: number }[]>('select count(*)::int as n from organizations.organization');
    if ((existing[0]?.n ?? 0) > 0)
      throw new Error('The registry is not empty: the generator loads into an empty database only');

    const shape = generateShape(random, scale);
    const organizationOutcome = await timed('organizations', () =>
      importOrganizations(organizations.orm.em.fork(), loader, shape.organizationsCsv),
    );
    if (organizationOutcome.errors.length > 0)
      throw new Error(`Organizations did not load: ${JSON.stringify(organizationOutcome.errors.slice(0, 3))}`);
    onProgress({ step: 'organizations', done: organizationOutcome.created, total: organizationOutcome.created });

    const memberOutcome = await timed('members', () =>
      importMembers(members.orm.em.fork(), {
        actor: 'generator',
        source: membersCsv(seed, shape.primaries),
        onProgress: (rows) => onProgress({ step: 'members', done: rows, total: scale.members }),
      }),
    );
    if (memberOutcome.errors.length > 0)
      throw new Error(`Members did not load: ${JSON.stringify(memberOutcome.errors.slice(0, 3))}`);

    // The report states a little more than the registry holds: the registry is still filling up.
    const report = [
      'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations',
    ];
    for (const region of shape.regions) {
      const stated = Math.round(region.members * (1.05 + random() * 0.2));
      report.push(
        [
          region.code,
          `${new Date().getUTCFullYear()}-01-01`,
          stated,
          Math.round(stated * 0.85),
          Math.round(stated * 0.1),
          Math.ceil(region.primaries * 1.02),
          region.territorials,
        ].join(','),
      );
    }
    await timed('report', () => importBaselines(statistics.orm.em.fork(), loader, report.join('\n')));
    onProgress({ step: 'report', done: shape.regions.length, total: shape.regions.length });

    const plasticCards = await timed('plastic cards', () => orderPlastic(cards, random, scale, onProgress));
    const virtual = await timed('virtual cards', () => activateVirtual(cards, members, random, scale, onProgress));
    const purchases = await timed('purchases', () => reportPurchases(cards, random, scale, virtual, onProgress));
    return {
      organizations: organizationOutcome.created,
      members: memberOutcome.created,
      plasticCards,
      virtualCards: virtual.length,
      purchases,
      seconds,
    };
  } finally {
    for (const { orm } of opened) await orm.close();
  }
}

/** After how many batches the card tables' statistics are refreshed: as they grow by a factor of ten. */
const ANALYZE_AFTER_BATCHES = new Set([1, 10, 100]);

/** Production batches for a share of territorial organizations, then produced and issued. */
async function orderPlastic(
  cards: OpenedSubgraph,
  random: () => number,
  scale: Scale,
  onProgress: (progress: LoadProgress) => void,
): Promise<number> {
  const territorials = await cards.orm.em
    .fork()
    .execute<{ id: string }[]>(
      "select id from organizations.organization_v1 where level = 'TERRITORIAL' order by code",
    );
  const chosen = territorials.filter(() => random() < scale.plasticShare);
  let issued = 0;
  let batches = 0;
  for (const [index, territorial] of chosen.entries()) {
    const em = cards.orm.em.fork();
    // Null for a territorial organization whose primaries have no members: nothing to order.
    const batch = await issueDuePlasticCards(em, scopeOf(em, loader), territorial.id);
    if (!batch) continue;
    issued += batch.cardCount;
    batches += 1;
    // A registry in service has table statistics; a fresh load has those of empty card tables
    // until autovacuum's next look, and with them PostgreSQL planned the batch statements as for
    // a handful of rows (about 40 s a batch in a national load, for its first few dozen batches).
    if (ANALYZE_AFTER_BATCHES.has(batches))
      await em.execute('analyze cards.union_card, cards.card_event, cards.card_in_use_period');
    onProgress({ step: 'plastic cards', done: index + 1, total: chosen.length });
  }
  return issued;
}

/** Virtual cards activated in the app by members who consented to the bonus program, and their enrollment. */
async function activateVirtual(
  cards: OpenedSubgraph,
  members: OpenedSubgraph,
  random: () => number,
  scale: Scale,
  onProgress: (progress: LoadProgress) => void,
): Promise<string[]> {
  const candidates = await members.orm.em
    .fork()
    .execute<{ id: string }[]>(
      "select id from members.member_v1 where status = 'ACTIVE' and bonus_consent order by registration_number limit ?",
      [scale.virtualCards * 3],
    );
  const chosen = candidates.filter(() => random() < 0.34).slice(0, scale.virtualCards);
  const numbers: string[] = [];
  for (const [index, member] of chosen.entries()) {
    const card = await inFork(cards, (em) => issueVirtualCard(em, scopeOf(em, loader), member.id));
    await inFork(cards, (em) => activateVirtualCard(em, scopeOf(em, loader), card.id, QR_KEYS));
    await inFork(cards, (em) => enrollInBonusProgram(em, scopeOf(em, loader), member.id, BonusChannel.APP));
    numbers.push(card.number);
    if ((index + 1) % 100 === 0 || index + 1 === chosen.length)
      onProgress({ step: 'virtual cards', done: index + 1, total: chosen.length });
  }
  return numbers;
}

/** Partners of the program report purchases with those cards (amounts of 50–2,000 roubles). */
async function reportPurchases(
  cards: OpenedSubgraph,
  random: () => number,
  scale: Scale,
  numbers: readonly string[],
  onProgress: (progress: LoadProgress) => void,
): Promise<number> {
  if (numbers.length === 0) return 0;
  const partners: Viewer[] = [];
  for (const [name, rate] of [
    ['Книжный дом', 300],
    ['Аптека «Здоровье»', 200],
    ['Спорттовары', 250],
    ['Канцелярия', 400],
    ['Театр', 150],
  ] as const) {
    const { apiKey } = await createPartner(cards.orm.em.fork(), {
      name,
      category: 'retail',
      cashbackRateBp: rate,
      regions: [],
      active: true,
    });
    const viewer = await authenticatePartnerApiKey(cards.orm.em.fork(), apiKey);
    if (viewer) partners.push(viewer);
  }
  for (let index = 0; index < scale.purchases; index += 1) {
    const partner = pick(random, partners);
    await inFork(cards, (em) =>
      reportPurchase(
        em,
        scopeOf(em, partner),
        {
          idempotencyKey: `generated-${index}`,
          card: pick(random, numbers),
          amountKopecks: between(random, 5_000, 200_000),
          // Eligibility is judged at the purchase's moment and the cards came into use during this
          // load, so purchases are made now.
          occurredAt: new Date(),
        },
        QR_KEYS,
      ),
    );
    if ((index + 1) % 500 === 0 || index + 1 === scale.purchases)
      onProgress({ step: 'purchases', done: index + 1, total: scale.purchases });
  }
  return scale.purchases;
}

/** Runs a service call on an entity manager of its own, as a request would. */
const inFork = <T>(subgraph: OpenedSubgraph, work: (em: EntityManager) => Promise<T>): Promise<T> =>
  work(subgraph.orm.em.fork());
