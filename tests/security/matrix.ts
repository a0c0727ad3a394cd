/**
 * The access matrix of the registry: every query, mutation and guarded field, with the rule that
 * decides who may call it on what. It is data twice over: `docs/security.md` prints it
 * (`npm run docs:security` writes the table, `npm test` fails when the table is stale), and
 * `tests/e2e/security-matrix.test.ts` walks it, every row with every caller, on a target inside
 * and outside the caller's subtree, through the gateway and straight at the owning subgraph.
 */

/** Who may call an operation, on which target. */
export const Rule = {
  /** Anyone, signed in or not: the public tree, applying to join. */
  PUBLIC: 'PUBLIC',
  /** A person signed in (admins, analysts, members), not a partner's integration. */
  PERSON: 'PERSON',
  /** A member, on their own record only (the operation names no target). */
  SELF: 'SELF',
  /** The member whose record it is, or an admin whose subtree holds it. */
  SELF_OR_MANAGE: 'SELF_OR_MANAGE',
  /** Aggregates: central admins anywhere; org admins and analysts in their subtree. */
  READ_FIGURES: 'READ_FIGURES',
  /** Records: central admins anywhere; org admins in their subtree (every organization the operation touches). */
  MANAGE: 'MANAGE',
  /** The central office only (union-wide files, partners, the audit log). */
  CENTRAL: 'CENTRAL',
  /** A partner's integration, by its API key. */
  PARTNER: 'PARTNER',
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

export const CALLERS = ['anonymous', 'MEMBER', 'PARTNER', 'ANALYST', 'ORG_ADMIN', 'CENTRAL_ADMIN'] as const;
export type Caller = (typeof CALLERS)[number];

/** Inside: the caller's own subtree (for a member, their own record); outside: another region. */
export type Place = 'inside' | 'outside';

/** Whether `caller` may call an operation under `rule` on a target at `place`. */
export function allows(rule: Rule, caller: Caller, place: Place): boolean {
  switch (rule) {
    case Rule.PUBLIC:
      return true;
    case Rule.PERSON:
      return caller !== 'anonymous' && caller !== 'PARTNER';
    case Rule.SELF:
      // The operation names no target: inside and outside are the same call, on the caller.
      return caller === 'MEMBER';
    case Rule.SELF_OR_MANAGE:
      return caller === 'CENTRAL_ADMIN' || (place === 'inside' && (caller === 'MEMBER' || caller === 'ORG_ADMIN'));
    case Rule.READ_FIGURES:
      return caller === 'CENTRAL_ADMIN' || (place === 'inside' && (caller === 'ORG_ADMIN' || caller === 'ANALYST'));
    case Rule.MANAGE:
      return caller === 'CENTRAL_ADMIN' || (place === 'inside' && caller === 'ORG_ADMIN');
    case Rule.CENTRAL:
      return caller === 'CENTRAL_ADMIN';
    case Rule.PARTNER:
      return caller === 'PARTNER';
  }
}

/** What an operation needs made before it is called: a target in the caller's subtree or outside it. */
export interface Targets {
  /** A primary organization, a territorial one and the region (inside: the caller's region). */
  primary(place: Place): Promise<string>;
  territorial(place: Place): Promise<string>;
  region(place: Place): Promise<string>;
  /** A new active member (inside, for a MEMBER caller: the caller themselves). */
  member(place: Place): Promise<string>;
  /** A former member (left the union), of a primary at `place`. */
  formerMember(place: Place): Promise<string>;
  /** A new virtual card, activated, of `member(place)`, with its number. */
  card(place: Place): Promise<{ id: string; number: string }>;
  /** A production batch ordered for a primary at `place`. */
  batch(place: Place): Promise<string>;
  /** A pending membership application to a primary at `place`. */
  application(place: Place): Promise<string>;
  /** A generated report form (draft) of a primary at `place`. */
  reportForm(place: Place): Promise<string>;
  /** A partner (made by a central admin). */
  partner(): Promise<string>;
  /** A unique suffix for codes and keys. */
  unique(): string;
  /** A birth date no other person of the test has. */
  uniqueBirthDate(): string;
}

export interface Request {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

export interface MatrixRow {
  /** `Query.x`, `Mutation.x`, or `Type.field` for a guarded field. */
  readonly operation: string;
  readonly subgraph: 'organizations' | 'members' | 'cards' | 'statistics';
  readonly rule: Rule;
  /** What "inside" and "outside" mean for this row, when it is not simply the target's subtree. */
  readonly note?: string;
  /** The request through the gateway. */
  request(targets: Targets, place: Place): Promise<Request>;
  /**
   * The same request straight at the owning subgraph, when it differs (a field of another
   * subgraph's entity is asked through `_entities`).
   */
  direct?(targets: Targets, place: Place): Promise<Request>;
}

const req = (query: string, variables: Record<string, unknown> = {}): Request => ({ query, variables });
const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { FIELD } } }';
const organizationField =
  (field: string) =>
  async (id: string): Promise<Request> =>
    req(ENTITIES.replace('FIELD', field), { r: [{ __typename: 'Organization', id }] });
const memberEntity = async (id: string, field: string): Promise<Request> =>
  req('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { FIELD } } }'.replace('FIELD', field), {
    r: [{ __typename: 'Member', id }],
  });

const person = (t: Targets) => ({
  lastName: 'Проверкина',
  firstName: 'Вера',
  birthDate: t.uniqueBirthDate(),
  category: 'EMPLOYEE',
  consentVersion: '2026-01',
  position: `учитель ${t.unique()}`,
});

export const MATRIX: readonly MatrixRow[] = [
  // organizations
  {
    operation: 'Query.organization',
    subgraph: 'organizations',
    rule: Rule.PUBLIC,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { id name level } }', { id: await t.region(p) }),
  },
  {
    operation: 'Query.organizationByCode',
    subgraph: 'organizations',
    rule: Rule.PUBLIC,
    request: async () => req('{ organizationByCode(code: "77") { id } }'),
  },
  {
    operation: 'Query.root',
    subgraph: 'organizations',
    rule: Rule.PUBLIC,
    request: async () => req('{ root { id children { id } } }'),
  },
  {
    operation: 'Query.organizations',
    subgraph: 'organizations',
    rule: Rule.PUBLIC,
    request: async () => req('{ organizations(first: 5) { totalCount } }'),
  },
  {
    operation: 'Organization.chair',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    note: "the chair's name, phone and e-mail are personal data",
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { chair { name phone email } } }', { id: await t.region(p) }),
  },
  {
    operation: 'Organization.history',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { history { kind } } }', { id: await t.region(p) }),
  },
  {
    operation: 'Mutation.createOrganization',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    note: 'the parent',
    request: async (t, p) => {
      const parentId = await t.territorial(p);
      return req('mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', {
        input: {
          parentId,
          level: 'PRIMARY',
          code: `99-${t.unique()}`,
          name: 'Первичная организация проверки',
          primaryType: 'SCHOOL',
        },
      });
    },
  },
  {
    operation: 'Mutation.updateOrganization',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { updateOrganization(id: $id, input: { address: "Проверочная, 1" }) { id } }', {
        id: await t.primary(p),
      }),
  },
  {
    operation: 'Mutation.moveOrganization',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    note: 'inside: the organization and the new parent in the subtree; outside: the new parent in another region',
    request: async (t, p) =>
      req('mutation ($id: UUID!, $to: UUID!) { moveOrganization(id: $id, newParentId: $to) { id } }', {
        id: await t.primary('inside'),
        to: await t.territorial(p),
      }),
  },
  {
    operation: 'Mutation.liquidateOrganization',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { liquidateOrganization(id: $id, closure: { reason: "проверка" }) { id } }', {
        id: await t.primary(p),
      }),
  },
  {
    operation: 'Mutation.mergeOrganization',
    subgraph: 'organizations',
    rule: Rule.MANAGE,
    note: 'inside: both in the subtree; outside: the one merged into is in another region',
    request: async (t, p) =>
      req(
        'mutation ($id: UUID!, $into: UUID!) { mergeOrganization(id: $id, intoId: $into, closure: { reason: "проверка" }) { id } }',
        { id: await t.primary('inside'), into: await t.primary(p) },
      ),
  },
  {
    operation: 'Mutation.importOrganizations',
    subgraph: 'organizations',
    rule: Rule.CENTRAL,
    request: async (t) =>
      req('mutation ($csv: String!) { importOrganizations(csv: $csv) { created } }', {
        csv: `code,parent_code,level,name\n77-${t.unique()},77-001,PRIMARY,Школа проверки\n`,
      }),
  },

  // members
  {
    operation: 'Query.member',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($id: UUID!) { member(id: $id) { id snils lastName } }', { id: await t.member(p) }),
  },
  {
    operation: 'Query.possibleDuplicates',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($id: UUID!) { possibleDuplicates(organizationId: $id) { reason } }', { id: await t.region(p) }),
  },
  {
    operation: 'Query.personalDataAccessLog',
    subgraph: 'members',
    rule: Rule.CENTRAL,
    note: 'who read whose personal data, which fields, when and through what',
    request: async (t, p) =>
      req('query ($id: UUID) { personalDataAccessLog(first: 5, filter: { memberId: $id }) { totalCount } }', {
        id: await t.member(p),
      }),
  },
  {
    operation: 'Query.me',
    subgraph: 'members',
    rule: Rule.SELF,
    request: async () => req('{ me { id lastName snils } }'),
  },
  {
    operation: 'Query.membershipApplication',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'the applicant keeps the id as a receipt; only the chairs who decide may read it',
    request: async (t, p) =>
      req('query ($id: UUID!) { membershipApplication(id: $id) { id status } }', { id: await t.application(p) }),
  },
  {
    operation: 'Organization.members',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req(
        'query ($id: UUID!) { organization(id: $id) { members(first: 3) { totalCount edges { node { lastName } } } } }',
        { id: await t.region(p) },
      ),
    direct: async (t, p) =>
      organizationField('members(first: 3) { totalCount edges { node { lastName } } }')(await t.region(p)),
  },
  {
    operation: 'Organization.memberCounts',
    subgraph: 'members',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { memberCounts { active } } }', { id: await t.region(p) }),
    direct: async (t, p) => organizationField('memberCounts { active }')(await t.region(p)),
  },
  {
    operation: 'Member.personal data',
    subgraph: 'members',
    rule: Rule.SELF_OR_MANAGE,
    note: "names, birth date, SNILS, contacts of a record reached through another subgraph's entity (a card's holder)",
    request: async (t, p) =>
      req('query ($id: UUID!) { card(id: $id) { member { lastName snils phone } } }', { id: (await t.card(p)).id }),
    direct: async (t, p) => memberEntity(await t.member(p), 'lastName snils phone'),
  },
  {
    operation: 'Mutation.applyForMembership',
    subgraph: 'members',
    rule: Rule.PUBLIC,
    request: async (t, p) =>
      req('mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { status } }', {
        input: { ...person(t), organizationId: await t.primary(p) },
      }),
  },
  {
    operation: 'Mutation.approveApplication',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { approveApplication(id: $id) { member { id } } }', { id: await t.application(p) }),
  },
  {
    operation: 'Mutation.rejectApplication',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { rejectApplication(id: $id, reason: "проверка") { status } }', {
        id: await t.application(p),
      }),
  },
  {
    operation: 'Query.applicationInbox',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: "the chair's inbox with the applicants' details; outside: narrowed to another region's primary",
    request: async (t, p) => {
      // An application waits in the primary, so an allowed call has applicant details to show.
      await t.application(p);
      return req(
        'query ($o: UUID!) { applicationInbox(filter: { organizationId: $o }) { totalCount nodes { lastName snils } } }',
        { o: await t.primary(p) },
      );
    },
  },
  {
    operation: 'Query.applicationCounts',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($o: UUID!) { applicationCounts(organizationId: $o) { pending } }', { o: await t.region(p) }),
  },
  {
    operation: 'Mutation.approveApplications',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'one application outside the scope refuses the whole batch',
    request: async (t, p) =>
      req('mutation ($ids: [UUID!]!) { approveApplications(ids: $ids) { ok memberId } }', {
        ids: [await t.application(p)],
      }),
  },
  {
    operation: 'Mutation.rejectApplications',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'one application outside the scope refuses the whole batch',
    request: async (t, p) =>
      req('mutation ($ids: [UUID!]!) { rejectApplications(ids: $ids, reason: "проверка") { ok } }', {
        ids: [await t.application(p)],
      }),
  },
  {
    operation: 'Mutation.requestSignInCode',
    subgraph: 'members',
    rule: Rule.PUBLIC,
    note: 'the same answer whether or not the login is a member',
    request: async (t) =>
      req('mutation ($l: String!) { requestSignInCode(login: $l) { sent } }', { l: `nobody-${t.unique()}@example.ru` }),
  },
  {
    operation: 'Mutation.signIn',
    subgraph: 'members',
    rule: Rule.PUBLIC,
    note: 'a wrong code is BAD_USER_INPUT for everyone, known or not',
    request: async (t) =>
      req('mutation ($l: String!) { signIn(login: $l, code: "123456") { token } }', {
        l: `nobody-${t.unique()}@example.ru`,
      }),
  },
  {
    operation: 'Mutation.admitMember',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }', {
        input: { ...person(t), organizationId: await t.primary(p) },
      }),
  },
  {
    operation: 'Mutation.updateMember',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { updateMember(id: $id, input: { position: "завуч" }) { id } }', {
        id: await t.member(p),
      }),
  },
  {
    operation: 'Mutation.transferMember',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'inside: from and to the subtree; outside: from another region into the subtree',
    request: async (t, p) =>
      req('mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id } }', {
        id: await t.member(p),
        to: await t.primary('inside'),
      }),
  },
  {
    operation: 'Mutation.transferMember (out)',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'outside: from the subtree into another region',
    request: async (t, p) =>
      req('mutation ($id: UUID!, $to: UUID!) { transferMember(id: $id, toOrganizationId: $to) { id } }', {
        id: await t.member('inside'),
        to: await t.primary(p),
      }),
  },
  {
    operation: 'Mutation.recordMemberExit',
    subgraph: 'members',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, reason: "проверка" }) { status } }', {
        id: await t.member(p),
      }),
  },
  {
    operation: 'Mutation.reinstateMember',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'outside: a former member of another region reinstated into the subtree',
    request: async (t, p) =>
      req('mutation ($id: UUID!, $o: UUID!) { reinstateMember(id: $id, organizationId: $o) { status } }', {
        id: await t.formerMember(p),
        o: await t.primary('inside'),
      }),
  },
  {
    operation: 'Mutation.mergeMembers',
    subgraph: 'members',
    rule: Rule.MANAGE,
    note: 'outside: the duplicate is in another region',
    request: async (t, p) =>
      req('mutation ($keep: UUID!, $dup: UUID!) { mergeMembers(keepId: $keep, duplicateId: $dup) { id } }', {
        keep: await t.member('inside'),
        dup: await t.member(p),
      }),
  },
  {
    operation: 'Mutation.importMembers',
    subgraph: 'members',
    rule: Rule.CENTRAL,
    request: async () =>
      req('mutation ($csv: String!) { importMembers(csv: $csv) { created } }', {
        csv: 'organization_code,last_name,first_name,birth_date,category,consent_version\n',
      }),
  },
  {
    operation: 'Mutation.updateMyContacts',
    subgraph: 'members',
    rule: Rule.SELF,
    request: async () => req('mutation { updateMyContacts(phone: "+79001234567") { id } }'),
  },
  {
    operation: 'Mutation.withdrawBonusConsent',
    subgraph: 'members',
    rule: Rule.SELF,
    request: async () => req('mutation { withdrawBonusConsent { id } }'),
  },
  {
    operation: 'Mutation.leaveUnion',
    subgraph: 'members',
    rule: Rule.SELF,
    request: async () => req('mutation { leaveUnion(reason: "проверка") { status } }'),
  },

  // cards
  {
    operation: 'Query.verifyCard',
    subgraph: 'cards',
    rule: Rule.PARTNER,
    request: async (t, p) =>
      req('query ($n: String!) { verifyCard(payloadOrNumber: $n) { result } }', { n: (await t.card(p)).number }),
  },
  {
    operation: 'Query.partners',
    subgraph: 'cards',
    rule: Rule.PERSON,
    request: async () => req('{ partners { name } }'),
  },
  {
    operation: 'Query.productionBatch',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) => req('query ($id: UUID!) { productionBatch(id: $id) { id } }', { id: await t.batch(p) }),
  },
  {
    operation: 'Query.productionBatches',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($id: UUID!) { productionBatches(organizationId: $id) { id } }', { id: await t.region(p) }),
  },
  {
    operation: 'Query.card',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) => req('query ($id: UUID!) { card(id: $id) { id number } }', { id: (await t.card(p)).id }),
  },
  {
    operation: 'Query.cardByNumber',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('query ($n: String!) { cardByNumber(number: $n) { id } }', { n: (await t.card(p)).number }),
  },
  {
    operation: 'Member.cards',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) =>
      req('query ($id: UUID!) { card(id: $id) { member { cards { id } bonusAccount { balanceKopecks } } } }', {
        id: (await t.card(p)).id,
      }),
    direct: async (t, p) => memberEntity(await t.member(p), 'cards { id } bonusAccount { balanceKopecks }'),
  },
  {
    operation: 'Organization.cardCounts',
    subgraph: 'cards',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { cardCounts { plastic } } }', { id: await t.region(p) }),
    direct: async (t, p) => organizationField('cardCounts { plastic }')(await t.region(p)),
  },
  {
    operation: 'Organization.bonusFigures',
    subgraph: 'cards',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { bonusFigures { participants } } }', { id: await t.region(p) }),
    direct: async (t, p) => organizationField('bonusFigures { participants }')(await t.region(p)),
  },
  {
    operation: 'Mutation.enrollInBonusProgram',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { enrollInBonusProgram(memberId: $id) { balanceKopecks } }', {
        id: await t.member(p),
      }),
  },
  {
    operation: 'Mutation.enrollMembersInBonusProgram',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($ids: [UUID!]) { enrollMembersInBonusProgram(memberIds: $ids) { enrolled } }', {
        ids: [await t.member(p)],
      }),
  },
  {
    operation: 'Mutation.enrollMeInBonusProgram',
    subgraph: 'cards',
    rule: Rule.SELF,
    request: async () => req('mutation { enrollMeInBonusProgram { balanceKopecks } }'),
  },
  {
    operation: 'Mutation.createPartner',
    subgraph: 'cards',
    rule: Rule.CENTRAL,
    request: async (t) =>
      req(
        `mutation { createPartner(input: { name: "Партнёр ${t.unique()}", category: "Книги", cashbackRateBp: 100 }) { apiKey } }`,
      ),
  },
  {
    operation: 'Mutation.updatePartner',
    subgraph: 'cards',
    rule: Rule.CENTRAL,
    request: async (t) =>
      req('mutation ($id: UUID!) { updatePartner(id: $id, input: { cashbackRateBp: 200 }) { id } }', {
        id: await t.partner(),
      }),
  },
  {
    operation: 'Mutation.rotatePartnerApiKey',
    subgraph: 'cards',
    rule: Rule.CENTRAL,
    request: async (t) =>
      req('mutation ($id: UUID!) { rotatePartnerApiKey(id: $id) { apiKey } }', { id: await t.partner() }),
  },
  {
    operation: 'Mutation.orderCardBatch',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { orderCardBatch(organizationId: $id) { id } }', { id: await t.primary(p) }),
  },
  {
    operation: 'Mutation.exportCardBatch',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) => req('mutation ($id: UUID!) { exportCardBatch(batchId: $id) }', { id: await t.batch(p) }),
  },
  {
    operation: 'Mutation.markBatchProduced',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { markBatchProduced(batchId: $id) { status } }', { id: await t.batch(p) }),
  },
  {
    operation: 'Mutation.markBatchIssued',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { markBatchIssued(batchId: $id) { status } }', { id: await t.batch(p) }),
  },
  {
    operation: 'Mutation.reportPurchase',
    subgraph: 'cards',
    rule: Rule.PARTNER,
    request: async (t, p) =>
      req('mutation ($input: ReportPurchaseInput!) { reportPurchase(input: $input) { id } }', {
        input: {
          idempotencyKey: `matrix-${t.unique()}`,
          cardNumberOrPayload: (await t.card(p)).number,
          amountKopecks: 10000,
          occurredAt: new Date().toISOString(),
        },
      }),
  },
  {
    operation: 'Mutation.reportPurchases',
    subgraph: 'cards',
    rule: Rule.PARTNER,
    request: async (t, p) =>
      req('mutation ($input: [ReportPurchaseInput!]!) { reportPurchases(input: $input) { recorded } }', {
        input: [
          {
            idempotencyKey: `matrix-${t.unique()}`,
            cardNumberOrPayload: (await t.card(p)).number,
            amountKopecks: 10000,
            occurredAt: new Date().toISOString(),
          },
        ],
      }),
  },
  {
    operation: 'Mutation.issueVirtualCard',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { issueVirtualCard(memberId: $id) { id } }', { id: await t.member(p) }),
  },
  {
    operation: 'Mutation.activateVirtualCard',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { activateVirtualCard(cardId: $id) { qrPayload } }', { id: (await t.card(p)).id }),
  },
  {
    operation: 'Mutation.blockCard',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { blockCard(cardId: $id) { status } }', { id: (await t.card(p)).id }),
  },
  {
    operation: 'Mutation.reportCardLost',
    subgraph: 'cards',
    rule: Rule.SELF_OR_MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { reportCardLost(cardId: $id) { status } }', { id: (await t.card(p)).id }),
  },
  {
    operation: 'Mutation.unblockCard',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { unblockCard(cardId: $id) { status } }', { id: (await t.card(p)).id }),
  },
  {
    operation: 'Mutation.replaceCard',
    subgraph: 'cards',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { replaceCard(cardId: $id) { status } }', { id: (await t.card(p)).id }),
  },

  // statistics
  {
    operation: 'Organization.coverage',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { organization(id: $id) { coverage { members { numerator } } } }', {
        id: await t.region(p),
      }),
    direct: async (t, p) => organizationField('coverage { members { numerator } }')(await t.region(p)),
  },
  {
    operation: 'Query.coverageTable',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { coverageTable(rootId: $id, first: 10) { rows { code members { numerator } } } }', {
        id: await t.region(p),
      }),
  },
  {
    operation: 'Query.ranking',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { ranking(parentId: $id, metric: MEMBERS_ON_RECORD) { code } }', {
        id: await t.region(p),
      }),
  },
  {
    operation: 'Query.reportForm',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { reportForm(id: $id) { id status } }', { id: await t.reportForm(p) }),
  },
  {
    operation: 'Query.exportReportForm',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { exportReportForm(id: $id) { csv } }', { id: await t.reportForm(p) }),
  },
  {
    operation: 'Query.reportFormUsage',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req('query ($id: UUID!) { reportFormUsage(reportDate: "2026-01-01", organizationId: $id) { level } }', {
        id: await t.region(p),
      }),
  },
  {
    operation: 'Query.reportFormUsageByRegion',
    subgraph: 'statistics',
    rule: Rule.READ_FIGURES,
    request: async (t, p) =>
      req(
        'query ($id: UUID!) { reportFormUsageByRegion(reportDate: "2026-01-01", organizationId: $id) { code submitted } }',
        { id: await t.region(p) },
      ),
  },
  {
    operation: 'Mutation.generateReportForm',
    subgraph: 'statistics',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { generateReportForm(organizationId: $id, reportDate: "2026-01-01") { id } }', {
        id: await t.primary(p),
      }),
  },
  {
    operation: 'Mutation.submitReportForm',
    subgraph: 'statistics',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($id: UUID!) { submitReportForm(id: $id) { status } }', { id: await t.reportForm(p) }),
  },
  {
    operation: 'Mutation.setReportBaseline',
    subgraph: 'statistics',
    rule: Rule.MANAGE,
    request: async (t, p) =>
      req('mutation ($input: ReportBaselineInput!) { setReportBaseline(input: $input) { members } }', {
        input: {
          organizationId: await t.primary(p),
          reportDate: '2026-01-01',
          members: 10,
          employees: 8,
          students: 2,
          primaryOrganizations: 1,
          territorialOrganizations: 0,
        },
      }),
  },
  {
    operation: 'Mutation.importReportBaselines',
    subgraph: 'statistics',
    rule: Rule.CENTRAL,
    request: async () =>
      req('mutation ($csv: String!) { importReportBaselines(csv: $csv) { loaded } }', {
        csv: 'organization_code,report_date,members,employees,students,primary_organizations,territorial_organizations\n',
      }),
  },
];
