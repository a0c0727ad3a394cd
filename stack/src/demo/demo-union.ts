import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  activateVirtualCard,
  authenticatePartnerApiKey,
  BonusChannel,
  createPartner,
  enrollInBonusProgram,
  issueDuePlasticCards,
  issueVirtualCard,
  reportPurchase,
} from '@registry/cards';
import type { QrKeys, Viewer } from '@registry/lib';
import { Role, scopeOf } from '@registry/lib';
import { applyForMembership, ExitKind, importMembers, recordMemberExit, transferMember } from '@registry/members';
import { seedDemoUnion } from '@registry/organizations';
import { generateReportForm, importBaselines, statisticsSubgraph, submitReportForm } from '@registry/statistics';
import { membersCsv, spelled } from './members-csv';
import { between, pick, seeded } from './random';

/** The subgraphs' ORMs the demo writes through, each with its own entities. */
export interface DemoOrms {
  organizations: MikroORM;
  members: MikroORM;
  cards: MikroORM;
  statistics: MikroORM;
}

export interface DemoSummary {
  organizations: number;
  members: number;
  exits: number;
  transfers: number;
  plasticCards: number;
  virtualCards: number;
  purchases: number;
  applications: number;
  baselines: number;
  reportForms: number;
}

const DEMO_SEED = 20260101;
/** The statistical reports the demo states, one a year: coverage has a reference on both. */
const DEMO_REPORT_DATES = ['2025-01-01', '2026-01-01'] as const;
/**
 * Every date the demo writes is on or before this one, so the same seed gives the same figures
 * on any later day (only cards and purchases are dated on the day of loading: a card comes into
 * use when it is issued).
 */
const DEMO_LAST_DATE = '2026-10-31';
const DEMO_YEAR = 2026;

const admin: Viewer = {
  subject: 'demo-union',
  roles: [Role.CENTRAL_ADMIN],
  organizationId: null,
  memberId: null,
  partnerId: null,
};

/** Coverage bands of the report, so the progress tables show every threshold (90, 80, 70 %). */
const BANDS = [
  [0.915, 0.985],
  [0.815, 0.885],
  [0.715, 0.785],
] as const;

const DAY = 86_400_000;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * The demo union of `npm start`, loaded into an empty registry through the registry's own paths:
 * the organizations import, the members import (admissions 2018–2026, every category, minors
 * with a guardian), exits and transfers on past dates, production batches issued, virtual cards
 * activated, a partner program with purchases, the statistical reports of two years at every
 * level, pending applications, draft and submitted report forms. Deterministic for a seed.
 * Returns null when the registry already holds organizations: demo data never lands on real data.
 * Virtual cards are signed with `qrKeys`, those of the cards subgraph that will verify them.
 */
export async function loadDemoUnion(orms: DemoOrms, qrKeys: QrKeys, seed = DEMO_SEED): Promise<DemoSummary | null> {
  const organizations = await seedDemoUnion(orms.organizations.em.fork());
  if (organizations === 0) return null;
  const random = seeded(seed);
  const tree = await orms.organizations.em
    .fork()
    .execute<{ id: string; code: string; level: string; parent_id: string | null }[]>(
      'select id, code, level, parent_id from organizations.organization_v1 order by code',
    );
  const primaries = tree.filter((row) => row.level === 'PRIMARY');

  const slots = primaries.map((primary) => ({ code: primary.code, members: between(random, 3, 8) }));
  const imported = await importMembers(orms.members.em.fork(), {
    actor: admin.subject,
    source: membersCsv(seed, slots, {
      year: DEMO_YEAR,
      joinedFrom: 2018,
      joinedUntil: DEMO_LAST_DATE,
      minorStudents: 0.3,
    }),
  });
  if (imported.errors.length > 0)
    throw new Error(`The demo members did not load: ${JSON.stringify(imported.errors.slice(0, 3))}`);

  const { exits, transfers } = await moveMembers(orms.members, random, primaries);
  const plasticCards = await issuePlastic(
    orms.cards,
    random,
    tree.filter((row) => row.level === 'TERRITORIAL'),
  );
  const virtual = await activateVirtual(orms.cards, random, qrKeys);
  const purchases = await reportPurchases(orms.cards, random, virtual, qrKeys);
  const baselines = await stateReports(orms.statistics, random);
  const applications = await fileApplications(orms.members, random, primaries);
  const reportForms = await prepareReportForms(orms.statistics, tree);
  return {
    organizations,
    members: imported.created,
    exits,
    transfers,
    plasticCards,
    virtualCards: virtual.length,
    purchases,
    applications,
    baselines,
    reportForms,
  };
}

/** Some members left, were excluded or died, some moved to another school of their district, each on a past date. */
async function moveMembers(
  orm: MikroORM,
  random: () => number,
  primaries: readonly { id: string; parent_id: string | null }[],
): Promise<{ exits: number; transfers: number }> {
  const members = await orm.em
    .fork()
    .execute<{ id: string; organization_id: string; joined_on: string }[]>(
      "select id, organization_id, to_char(joined_on, 'YYYY-MM-DD') as joined_on from members.member_v1 order by registration_number",
    );
  const parentOf = new Map(primaries.map((primary) => [primary.id, primary.parent_id]));
  let exits = 0;
  let transfers = 0;
  for (const member of members) {
    const roll = random();
    if (roll >= 0.075) continue;
    const date = addDays(member.joined_on, Math.floor(random() * (daysBetween(member.joined_on, DEMO_LAST_DATE) + 1)));
    const em = orm.em.fork();
    const scope = scopeOf(em, admin);
    if (roll < 0.05) {
      const kind = roll < 0.04 ? ExitKind.LEFT : roll < 0.046 ? ExitKind.EXCLUDED : ExitKind.DECEASED;
      const reason =
        kind === ExitKind.LEFT
          ? 'по собственному желанию'
          : kind === ExitKind.EXCLUDED
            ? 'неуплата членских взносов более трёх месяцев'
            : null;
      await recordMemberExit(em, scope, member.id, kind, { date, reason });
      exits += 1;
    } else {
      const siblings = primaries.filter(
        (primary) =>
          primary.parent_id === parentOf.get(member.organization_id) && primary.id !== member.organization_id,
      );
      await transferMember(em, scope, member.id, pick(random, siblings).id, {
        date,
        reason: 'перевод на работу в другую школу',
      });
      transfers += 1;
    }
  }
  return { exits, transfers };
}

/** Plastic cards for a quarter of the territorial organizations: ordered, exported, produced, issued. */
async function issuePlastic(
  orm: MikroORM,
  random: () => number,
  territorials: readonly { id: string }[],
): Promise<number> {
  let issued = 0;
  for (const territorial of territorials.filter(() => random() < 0.25)) {
    const em = orm.em.fork();
    // Null when every member of the district left: nothing to order.
    const batch = await issueDuePlasticCards(em, scopeOf(em, admin), territorial.id);
    if (batch) issued += batch.cardCount;
  }
  return issued;
}

/** Virtual cards activated by members who consented to the bonus program, and their enrollment (app or admin). */
async function activateVirtual(orm: MikroORM, random: () => number, qrKeys: QrKeys): Promise<string[]> {
  const consenting = await orm.em
    .fork()
    .execute<{ id: string }[]>(
      "select id from members.member_v1 where status = 'ACTIVE' and bonus_consent order by registration_number",
    );
  const numbers: string[] = [];
  for (const member of consenting.filter(() => random() < 0.1)) {
    const card = await inFork(orm, (em) => issueVirtualCard(em, scopeOf(em, admin), member.id));
    await inFork(orm, (em) => activateVirtualCard(em, scopeOf(em, admin), card.id, qrKeys));
    await inFork(orm, (em) =>
      enrollInBonusProgram(em, scopeOf(em, admin), member.id, random() < 0.7 ? BonusChannel.APP : BonusChannel.ADMIN),
    );
    numbers.push(card.number);
  }
  return numbers;
}

/** Partners of the program and the purchases they reported with those cards. */
async function reportPurchases(
  orm: MikroORM,
  random: () => number,
  numbers: readonly string[],
  qrKeys: QrKeys,
): Promise<number> {
  if (numbers.length === 0) return 0;
  const partners: Viewer[] = [];
  for (const [name, category, rate] of [
    ['Книжный дом «Учитель»', 'books', 500],
    ['Аптека «Здоровье»', 'pharmacy', 300],
    ['Санаторий «Педагог»', 'travel', 700],
  ] as const) {
    const { apiKey } = await createPartner(orm.em.fork(), {
      name,
      category,
      cashbackRateBp: rate,
      regions: [],
      active: true,
    });
    const partner = await authenticatePartnerApiKey(orm.em.fork(), apiKey);
    if (partner) partners.push(partner);
  }
  const now = Date.now();
  const count = numbers.length * 2;
  for (let index = 0; index < count; index += 1) {
    const partner = pick(random, partners);
    await inFork(orm, (em) =>
      reportPurchase(
        em,
        scopeOf(em, partner),
        {
          idempotencyKey: `demo-${index}`,
          card: pick(random, numbers),
          amountKopecks: between(random, 5_000, 300_000),
          // The cards came into use today, and a purchase must fall on a day its card was in use.
          occurredAt: new Date(now),
        },
        qrKeys,
      ),
    );
  }
  return count;
}

/**
 * The statistical reports of 2025-01-01 and 2026-01-01 for every organization, through the
 * report import: each states a little more than the registry holds on the report's day (the
 * registry is still filling up), in bands, so coverage runs from about 70 to 99 %.
 */
async function stateReports(orm: MikroORM, random: () => number): Promise<number> {
  const lines = [
    'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations',
  ];
  for (const [year, reportDate] of DEMO_REPORT_DATES.entries()) {
    // The 2026 report is measured against the registry as it stands now, which is what coverage shows by default.
    const countedOn = year === DEMO_REPORT_DATES.length - 1 ? DEMO_LAST_DATE : reportDate;
    const rows = await orm.em
      .fork()
      .execute<{ code: string; level: string; members: number; primaries: number; territorials: number }[]>(
        `select o.code, o.level,
              (select count(*)::int from organizations.subtree_v1 s
                 join members.membership_period_v1 p on p.organization_id = s.descendant_id
                  and p.valid_from <= ?::date and (p.valid_to is null or p.valid_to > ?::date)
                where s.ancestor_id = o.id) as members,
              (select count(*)::int from organizations.subtree_v1 s join organizations.organization_v1 d on d.id = s.descendant_id
                where s.ancestor_id = o.id and s.depth > 0 and d.level = 'PRIMARY') as primaries,
              (select count(*)::int from organizations.subtree_v1 s join organizations.organization_v1 d on d.id = s.descendant_id
                where s.ancestor_id = o.id and s.depth > 0 and d.level = 'TERRITORIAL') as territorials
         from organizations.organization_v1 o order by o.code`,
        [countedOn, countedOn],
      );
    const seen = new Map<string, number>();
    for (const row of rows) {
      const index = seen.get(row.level) ?? 0;
      seen.set(row.level, index + 1);
      // Regions take the bands in turn (shifted a year on, so a region's standing changes); the council sits in the middle one.
      const [low, high] = BANDS[row.level === 'CENTRAL' ? 1 : (index + year) % BANDS.length] ?? BANDS[1];
      const share = low + random() * (high - low);
      const members = Math.max(row.members + 1, Math.round(row.members / share));
      const primaries = row.primaries + (row.primaries > 0 && random() < 0.2 ? 1 : 0);
      lines.push(
        [
          row.code,
          reportDate,
          members,
          Math.floor(members * 0.8),
          Math.floor(members * 0.12),
          primaries,
          row.territorials,
        ].join(','),
      );
    }
  }
  const outcome = await importBaselines(orm.em.fork(), admin, lines.join('\n'));
  if (outcome.errors.length > 0)
    throw new Error(`The demo report did not load: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  return outcome.loaded;
}

/** Applications filed online and waiting for their primary organization's admin. */
async function fileApplications(
  orm: MikroORM,
  random: () => number,
  primaries: readonly { id: string }[],
): Promise<number> {
  const people = [
    ['Васильева', 'Дарья', 'Алексеевна', 'F'],
    ['Новиков', 'Илья', 'Романович', 'M'],
    ['Морозова', 'Ксения', 'Игоревна', 'F'],
    ['Волкова', 'Светлана', 'Юрьевна', 'F'],
  ] as const;
  const count = 24;
  for (let index = 0; index < count; index += 1) {
    const [lastName, firstName, middleName, sex] = pick(random, people);
    const em = orm.em.fork();
    await applyForMembership(em, {
      organizationId: pick(random, primaries).id,
      lastName,
      firstName,
      middleName: `${middleName}${spelled(index + 1)}`,
      birthDate: `${between(random, 1970, 2003)}-${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, 28)).padStart(2, '0')}`,
      sex,
      category: 'EMPLOYEE',
      position: 'учитель',
      consentVersion: '2020-01',
      bonusConsent: random() < 0.5,
    });
  }
  return count;
}

/**
 * The 2026 report forms of the first territorial organization of a few regions: two of its
 * primaries submitted theirs, the third left a draft, and the territorial form (a draft) adds
 * up what was submitted and names the one missing.
 */
async function prepareReportForms(
  orm: MikroORM,
  tree: readonly { id: string; code: string; level: string; parent_id: string | null }[],
): Promise<number> {
  const reportDate = DEMO_REPORT_DATES[DEMO_REPORT_DATES.length - 1] ?? '2026-01-01';
  const generate = (em: EntityManager, organizationId: string) =>
    generateReportForm(em, scopeOf(em, admin), statisticsSubgraph.createLoaders(em), organizationId, reportDate);
  let count = 0;
  for (const territorial of tree
    .filter((row) => row.level === 'TERRITORIAL' && row.code.endsWith('-001'))
    .slice(0, 4)) {
    for (const [index, primary] of tree.filter((row) => row.parent_id === territorial.id).entries()) {
      const form = await inFork(orm, (em) => generate(em, primary.id));
      if (index < 2) await inFork(orm, (em) => submitReportForm(em, scopeOf(em, admin), form.id));
      count += 1;
    }
    await inFork(orm, (em) => generate(em, territorial.id));
    count += 1;
  }
  return count;
}

/** Runs a service call on an entity manager of its own, as a request would. */
const inFork = <T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> => work(orm.em.fork());
