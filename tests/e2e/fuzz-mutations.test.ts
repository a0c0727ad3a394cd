import { Role } from '@registry/lib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayResponse, StackHarness } from '../support/stack-harness';
import { registryDigest } from '../support/registry-digest';
import { fieldOf, openStackHarness } from '../support/stack-harness';

/**
 * Malformed input at every mutation, as a central admin (so scope refuses nothing and every
 * check behind it is reached): each generated request carries at least one value that no rule
 * accepts — a non-UUID id, a string with a control character, an impossible date, an enum value
 * that does not exist, a number out of range, a missing required field. Every answer must be a
 * typed error (an `extensions.code`), never HTTP 500, never SQL, a stack, a host or a path, and
 * the registry must be exactly as it was.
 */

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface SchemaType {
  name: string;
  kind: string;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}
interface Mutation {
  name: string;
  args: InputValue[];
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema {
  mutationType { fields { name args { name type { ${TYPE_REF} } } } }
  types { name kind inputFields { name type { ${TYPE_REF} } } enumValues { name } }
} }`;

const LEAKS = [
  /\bselect\b/i,
  /\binsert into\b/i,
  /\bupdate .* set\b/i,
  /postgres/i,
  /127\.0\.0\.1:\d+/,
  /\/work\//,
  /node_modules/,
  /\n\s+at /,
  /violates/i,
];
const RUNS = 240;

let harness: StackHarness;
let central: string;
let mutations: Mutation[];
const types = new Map<string, SchemaType>();

beforeAll(async () => {
  // The cards outbox consumer writes on its own schedule; it would blur the digest.
  harness = await openStackHarness('fuzz_mutations', { CARDS_MEMBER_EVENTS_INTERVAL_MS: '3600000' });
  central = harness.token({ sub: 'fuzz-central', roles: [Role.CENTRAL_ADMIN] });
  const schema = fieldOf<{ mutationType: { fields: Mutation[] }; types: SchemaType[] }>(
    await harness.introspect(INTROSPECTION, { token: central }),
    '__schema',
  );
  mutations = schema.mutationType.fields;
  for (const type of schema.types) types.set(type.name, type);
}, 120_000);
afterAll(() => harness?.close());

const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);
const required = (type: TypeRef): boolean => type.kind === 'NON_NULL';
const isList = (type: TypeRef): boolean =>
  type.kind === 'NON_NULL' && type.ofType ? isList(type.ofType) : type.kind === 'LIST';

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u001b');
const badString = fc
  .tuple(fc.string({ maxLength: 20 }), CONTROL, fc.string({ maxLength: 20 }))
  .map(([a, c, b]) => `${a}${c}${b}`);
const badId = fc.oneof(
  fc.constant(''),
  fc.constant('not-a-uuid'),
  fc.constant("1' or '1'='1"),
  fc.constant('00000000-0000-0000-0000-00000000000'),
  badString,
);
const badDate = fc.constantFrom('2026-13-01', '2026-02-30', '31.12.2026', '', 'tomorrow', '99999-01-01');
const badInt = fc.oneof(fc.constant(2 ** 40), fc.constant(-(2 ** 40)), fc.constant(1.5), fc.constant('12'));
const badEnum = fc.constantFrom('NOPE', '', 'active', '\u0000');

/** A value of `type` that no rule accepts (the scalar, enum or input object cannot take it). */
function malformed(type: TypeRef, depth = 0): fc.Arbitrary<unknown> {
  const base = named(type);
  const name = base.name ?? '';
  if (isList(type))
    return fc.oneof(
      malformed(base, depth).map((value) => [value]),
      fc.constant('not a list'),
    );
  if (base.kind === 'ENUM') return badEnum;
  if (base.kind === 'INPUT_OBJECT') {
    const fields = types.get(name)?.inputFields ?? [];
    const valid = Object.fromEntries(
      fields.filter((field) => required(field.type)).map((field) => [field.name, plausible(field.type)]),
    );
    // One field malformed, the others plausible, so the refusal is about that field alone.
    const candidates = fields.filter((field) => depth < 2 || named(field.type).kind !== 'INPUT_OBJECT');
    const requiredFields = fields.filter((field) => required(field.type));
    return fc.oneof(
      ...candidates.map((field) =>
        malformed(field.type, depth + 1).map((value) => ({ ...valid, [field.name]: value })),
      ),
      ...(requiredFields.length > 0
        ? [
            fc
              .constantFrom(...requiredFields)
              .map((field) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field.name))),
          ]
        : []),
      fc.constant('not an object'),
    );
  }
  switch (name) {
    case 'ID':
    case 'UUID':
      return badId;
    case 'Int':
    case 'Kopecks':
      return badInt;
    case 'Float':
      return fc.constantFrom('NaN', 'Infinity', 'x');
    case 'Boolean':
      return fc.constantFrom('yes', 1, 'true');
    case 'LocalDate':
      return badDate;
    case 'DateTimeISO':
      return fc.constantFrom('2026-13-01T00:00:00Z', 'now', '');
    default:
      return badString;
  }
}

/** A value that has the right shape (so the one malformed value is what gets refused). */
function plausible(type: TypeRef): unknown {
  const base = named(type);
  if (isList(type)) return [];
  if (base.kind === 'ENUM') return types.get(base.name ?? '')?.enumValues?.[0]?.name ?? 'X';
  if (base.kind === 'INPUT_OBJECT') {
    const fields = types.get(base.name ?? '')?.inputFields ?? [];
    return Object.fromEntries(
      fields.filter((field) => required(field.type)).map((field) => [field.name, plausible(field.type)]),
    );
  }
  switch (base.name) {
    case 'ID':
    case 'UUID':
      return '3f2c8a34-1d6e-4b1a-9a43-8e0f5b7c2d19';
    case 'Int':
    case 'Kopecks':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'LocalDate':
      return '2026-01-01';
    case 'DateTimeISO':
      return '2026-01-01T00:00:00Z';
    default:
      return 'проверка';
  }
}

const printType = (type: TypeRef): string =>
  type.kind === 'NON_NULL' && type.ofType
    ? `${printType(type.ofType)}!`
    : type.kind === 'LIST' && type.ofType
      ? `[${printType(type.ofType)}]`
      : (type.name ?? '');

/** A request to `mutation` with every argument as a variable, one or more of them malformed. */
function requestOf(
  mutation: Mutation,
): fc.Arbitrary<{ query: string; variables: Record<string, unknown>; name: string }> {
  const declared = mutation.args.map((arg) => `$${arg.name}: ${printType(arg.type)}`).join(', ');
  const passed = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query =
    mutation.args.length > 0
      ? `mutation (${declared}) { ${mutation.name}(${passed}) { __typename } }`
      : `mutation { ${mutation.name} { __typename } }`;
  const scalarResult = query.replace(' { __typename } }', ' }');
  const arbitraries = mutation.args.map((arg) =>
    fc
      .record({ bad: fc.boolean(), value: malformed(arg.type) })
      .map(({ bad, value }) => [arg.name, bad ? value : plausible(arg.type), bad] as const),
  );
  return fc
    .tuple(...arbitraries)
    .filter((values) => values.some(([, , bad]) => bad))
    .map((values) => ({
      // Mutations returning a scalar take no selection.
      query: mutation.name === 'exportCardBatch' ? scalarResult : query,
      variables: Object.fromEntries(values.map(([name, value]) => [name, value])),
      name: mutation.name,
    }));
}

describe('malformed input at every mutation', () => {
  it(`answers ${RUNS} generated malformed requests with typed errors, no 500, no leak, and writes nothing`, async () => {
    // Only mutations that take arguments can be given malformed ones.
    const withArgs = mutations.filter((mutation) => mutation.args.length > 0);
    expect(withArgs.length).toBeGreaterThan(30);
    const before = await registryDigest(harness);
    const seen = new Set<string>();
    const problems: string[] = [];
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(...withArgs.map(requestOf)), async (request) => {
        seen.add(request.name);
        const response: GatewayResponse = await harness.post(request.query, request.variables, { token: central });
        const body = JSON.stringify(response);
        for (const error of response.errors ?? [])
          codes.set(String(error.extensions?.['code']), (codes.get(String(error.extensions?.['code'])) ?? 0) + 1);
        const untyped = (response.errors ?? []).filter((error) => typeof error.extensions?.['code'] !== 'string');
        if (response.status >= 500) problems.push(`${request.name}: HTTP ${response.status} ${body.slice(0, 300)}`);
        if (!response.errors || response.errors.length === 0)
          problems.push(`${request.name}: accepted ${JSON.stringify(request.variables).slice(0, 200)}`);
        if (untyped.length > 0)
          problems.push(`${request.name}: untyped error ${JSON.stringify(untyped).slice(0, 300)}`);
        for (const leak of LEAKS)
          if (leak.test(body)) problems.push(`${request.name}: leaks ${leak} in ${body.slice(0, 300)}`);
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    expect(problems.slice(0, 10)).toEqual([]);
    expect(await registryDigest(harness)).toBe(before);
    expect(seen.size).toBeGreaterThan(20);
    console.log(`mutations tried: ${seen.size}; codes: ${JSON.stringify(Object.fromEntries(codes))}`);
  }, 240_000);
});
