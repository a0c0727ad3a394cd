import { randomUUID } from 'node:crypto';
import type { Viewer } from '@registry/lib';
import { encodeViewerHeaders, Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, MatrixRow, Place, Request, Targets } from '../security/matrix';
import { allows, CALLERS, MATRIX } from '../security/matrix';
import type { GatewayResponse, RequestAuth, StackHarness } from '../support/stack-harness';
import { registryDigest } from '../support/registry-digest';
import { fieldOf, openStackHarness, responseCodes } from '../support/stack-harness';

/**
 * Walks the access matrix (tests/security/matrix.ts, printed in docs/security.md): every row, by
 * every caller, on a target inside and outside the caller's region, through the gateway and
 * straight at the owning subgraph. An allowed call is never refused; a refused one is refused
 * with FORBIDDEN or UNAUTHENTICATED and leaves every table of the registry as it was.
 */

const INSIDE_REGION = '77';
const OUTSIDE_REGION = '78';
const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

let harness: StackHarness;
let central: string;
let regionIds: Record<Place, string>;
let territorialIds: Record<Place, string>;
let partnerApiKey: string;
let counter = 0;
const unique = (): string => `${Date.now().toString(36)}${(counter += 1)}`;
/** A birth date no other person of this test has: name and birth date together identify a person. */
const uniqueBirthDate = (): string =>
  new Date(Date.UTC(1960, 0, 1) + (counter += 1) * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  // The cards subgraph's outbox consumer would change cards tables between a request and the
  // digest that proves it wrote nothing; it is not what this test is about.
  harness = await openStackHarness('security_matrix', { CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000' });
  central = harness.token({ sub: 'matrix-central', roles: [Role.CENTRAL_ADMIN] });
  const idOf = async (code: string): Promise<string> =>
    fieldOf<{ id: string }>(
      await harness.post('query ($c: String!) { organizationByCode(code: $c) { id } }', { c: code }),
      'organizationByCode',
    ).id;
  regionIds = { inside: await idOf(INSIDE_REGION), outside: await idOf(OUTSIDE_REGION) };
  territorialIds = { inside: await idOf(`${INSIDE_REGION}-001`), outside: await idOf(`${OUTSIDE_REGION}-001`) };
  partnerApiKey = fieldOf<{ apiKey: string }>(
    await harness.post(
      'mutation { createPartner(input: { name: "Партнёр матрицы", category: "Книги", cashbackRateBp: 100 }) { apiKey } }',
      {},
      { token: central },
    ),
    'createPartner',
  ).apiKey;
}, 120_000);
afterAll(() => harness?.close());

/** Posts as the central admin and returns the field, failing loudly: fixtures must be made. */
async function asCentral<T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  return fieldOf<T>(await harness.post(query, variables, { token: central }), field);
}

/** Fresh targets for one (row, caller) pair, each made on first use. */
function targetsFor(): Targets {
  const once = <T>(make: (place: Place) => Promise<T>) => {
    const made = new Map<Place, Promise<T>>();
    return (place: Place): Promise<T> => {
      let value = made.get(place);
      if (!value) {
        value = make(place);
        made.set(place, value);
      }
      return value;
    };
  };
  const primary = once(async (place) =>
    asCentral<{ id: string }>(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      {
        input: {
          parentId: territorialIds[place],
          level: 'PRIMARY',
          code: `${place === 'inside' ? INSIDE_REGION : OUTSIDE_REGION}-001-${unique()}`,
          name: 'Школа проверки доступа',
          primaryType: 'SCHOOL',
        },
      },
      'createOrganization',
    ).then((organization) => organization.id),
  );
  const admit = async (place: Place): Promise<string> =>
    (
      await asCentral<{ id: string }>(
        'mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { id } }',
        {
          input: {
            organizationId: await primary(place),
            lastName: 'Доступова',
            firstName: 'Ирина',
            birthDate: uniqueBirthDate(),
            category: 'EMPLOYEE',
            consentVersion: '2026-01',
            bonusConsent: true,
          },
        },
        'admitMember',
      )
    ).id;
  const member = once(admit);
  const card = once(async (place) => {
    const issued = await asCentral<{ id: string; number: string }>(
      'mutation ($m: UUID!) { issueVirtualCard(memberId: $m) { id number } }',
      { m: await member(place) },
      'issueVirtualCard',
    );
    await asCentral(
      'mutation ($c: UUID!) { activateVirtualCard(cardId: $c) { qrPayload } }',
      { c: issued.id },
      'activateVirtualCard',
    );
    await asCentral(
      'mutation ($m: UUID!) { enrollInBonusProgram(memberId: $m) { balanceKopecks } }',
      { m: await member(place) },
      'enrollInBonusProgram',
    );
    return issued;
  });
  return {
    primary,
    territorial: async (place) => territorialIds[place],
    region: async (place) => regionIds[place],
    member,
    formerMember: once(async (place) => {
      const id = await admit(place);
      await asCentral(
        'mutation ($id: UUID!) { recordMemberExit(id: $id, exit: { kind: LEFT, reason: "проверка" }) { status } }',
        { id },
        'recordMemberExit',
      );
      return id;
    }),
    card,
    batch: once(async (place) => {
      await member(place);
      return (
        await asCentral<{ id: string }>(
          'mutation ($o: UUID!) { orderCardBatch(organizationId: $o) { id } }',
          { o: await primary(place) },
          'orderCardBatch',
        )
      ).id;
    }),
    application: once(
      async (place) =>
        (
          await asCentral<{ id: string }>(
            'mutation ($input: MembershipApplicationInput!) { applyForMembership(input: $input) { id } }',
            {
              input: {
                organizationId: await primary(place),
                lastName: 'Заявкина',
                firstName: 'Нина',
                birthDate: uniqueBirthDate(),
                category: 'EMPLOYEE',
                consentVersion: '2026-01',
              },
            },
            'applyForMembership',
          )
        ).id,
    ),
    reportForm: once(
      async (place) =>
        (
          await asCentral<{ id: string }>(
            'mutation ($o: UUID!) { generateReportForm(organizationId: $o, reportDate: "2026-01-01") { id } }',
            { o: await primary(place) },
            'generateReportForm',
          )
        ).id,
    ),
    partner: async () =>
      (
        await asCentral<{ partner: { id: string } }>(
          `mutation { createPartner(input: { name: "Партнёр ${unique()}", category: "Книги", cashbackRateBp: 100 }) { partner { id } } }`,
          {},
          'createPartner',
        )
      ).partner.id,
    unique,
    uniqueBirthDate,
  };
}

/** How `caller` authenticates, through the gateway, and the viewer it stands for at a subgraph. */
async function callerAuth(caller: Caller, targets: Targets): Promise<{ auth: RequestAuth; viewer: Viewer | null }> {
  const viewer = (roles: Role[], organizationId: string | null, memberId: string | null): Viewer => ({
    subject: `matrix-${caller}`,
    roles,
    organizationId,
    memberId,
    partnerId: null,
  });
  const signed = (who: Viewer): { auth: RequestAuth; viewer: Viewer } => ({
    auth: {
      token: harness.token({
        sub: who.subject ?? '',
        roles: [...who.roles],
        ...(who.organizationId ? { org: who.organizationId } : {}),
        ...(who.memberId ? { member: who.memberId } : {}),
      }),
    },
    viewer: who,
  });
  switch (caller) {
    case 'anonymous':
      return { auth: {}, viewer: null };
    case 'PARTNER':
      return { auth: { apiKey: partnerApiKey }, viewer: null };
    case 'MEMBER':
      return signed(viewer([Role.MEMBER], null, await targets.member('inside')));
    case 'ANALYST':
      return signed(viewer([Role.ANALYST], regionIds.inside, null));
    case 'ORG_ADMIN':
      return signed(viewer([Role.ORG_ADMIN], regionIds.inside, null));
    case 'CENTRAL_ADMIN':
      return signed(viewer([Role.CENTRAL_ADMIN], null, null));
  }
}

async function postDirect(
  row: MatrixRow,
  request: Request,
  caller: Caller,
  viewer: Viewer | null,
): Promise<GatewayResponse> {
  const subgraph = harness.stack.subgraphs.get(row.subgraph);
  if (!subgraph) throw new Error(`Expected the ${row.subgraph} subgraph in the stack`);
  const headers =
    viewer === null
      ? {}
      : encodeViewerHeaders(viewer, harness.security.internalSecret, {
          audience: row.subgraph,
          requestId: randomUUID(),
        });
  return harness.post(
    request.query,
    request.variables,
    caller === 'PARTNER' ? { apiKey: partnerApiKey } : { headers },
    subgraph.url,
  );
}

interface Outcome {
  readonly refused: boolean;
  readonly codes: unknown[];
}

const outcomeOf = (response: GatewayResponse): Outcome => {
  const codes = responseCodes(response);
  if (codes.includes('GRAPHQL_VALIDATION_FAILED'))
    throw new Error(`invalid request in the matrix: ${JSON.stringify(response.errors)}`);
  // A subgraph answers an entity the caller may not see as null, which discloses nothing either.
  const entities = response.data?.['_entities'];
  const hidden = Array.isArray(entities) && entities.length > 0 && entities.every((entity) => entity === null);
  return { refused: hidden || codes.some((code) => typeof code === 'string' && REFUSALS.has(code)), codes };
};

describe('the access matrix', () => {
  it('lists every root field of the API schema', async () => {
    const introspection = await harness.introspect(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
      { token: central },
    );
    // Introspection is off in production (there the committed API schema answers); it lists what the matrix must cover.
    const schema = fieldOf<{ queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } }>(
      introspection,
      '__schema',
    );
    const listed = new Set(MATRIX.map((row) => row.operation.replace(/ \(.*\)$/, '')));
    const missing = [
      ...schema.queryType.fields.map((field) => `Query.${field.name}`),
      ...schema.mutationType.fields.map((field) => `Mutation.${field.name}`),
    ].filter((operation) => !listed.has(operation));
    expect(missing).toEqual([]);
  });

  for (const row of MATRIX) {
    it(`${row.operation} (${row.rule})`, async () => {
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        for (const place of ['outside', 'inside'] as const) {
          const expected = allows(row.rule, caller, place);
          for (const path of ['gateway', 'subgraph'] as const) {
            const targets = targetsFor();
            const { auth, viewer } = await callerAuth(caller, targets);
            const request =
              path === 'subgraph' && row.direct ? await row.direct(targets, place) : await row.request(targets, place);
            const before = expected ? '' : await registryDigest(harness);
            const response =
              path === 'gateway'
                ? await harness.post(request.query, request.variables, auth)
                : await postDirect(row, request, caller, viewer);
            const outcome = outcomeOf(response);
            if (outcome.refused === expected)
              wrong.push(
                `${caller} ${place} via ${path}: expected ${expected ? 'allowed' : 'refused'}, got ${JSON.stringify(response.errors ?? response.data)}`,
              );
            if (!expected && outcome.refused && (await registryDigest(harness)) !== before)
              wrong.push(`${caller} ${place} via ${path}: refused, but the registry changed`);
          }
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  }
});
