import { Role } from '@registry/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackHarness } from '../support/stack-harness';
import { openStackHarness, responseCodes } from '../support/stack-harness';

let harness: StackHarness;
beforeAll(async () => {
  harness = await openStackHarness('errors');
});
afterAll(() => harness?.close());

const adminAuth = () => ({ token: harness.token({ sub: 'e2e-errors-admin', roles: [Role.CENTRAL_ADMIN] }) });

/** What no answer may contain: SQL, the database's name or address, stack frames, file paths. */
const LEAKS = [
  /select /i,
  /insert /i,
  /postgres/i,
  /127\.0\.0\.1:/,
  /\/work\//,
  /node_modules/,
  /\n\s+at /,
  / at [\w.<>]+ \(/,
];
function expectNoLeak(body: string): void {
  for (const leak of LEAKS) expect(body, `answer matches ${leak}`).not.toMatch(leak);
}

/** Posts a raw body to a URL and reads the answer as text, whatever its type. */
async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function codesOfText(text: string): unknown[] {
  const body: unknown = JSON.parse(text);
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return [];
  return body.errors.map((error: unknown) =>
    typeof error === 'object' &&
    error !== null &&
    'extensions' in error &&
    typeof error.extensions === 'object' &&
    error.extensions !== null &&
    'code' in error.extensions
      ? error.extensions.code
      : undefined,
  );
}

const subgraphUrl = (name: string): string => {
  const subgraph = harness.stack.subgraphs.get(name);
  if (subgraph === undefined) throw new Error(`no subgraph ${name}`);
  return subgraph.url;
};

describe('control characters in string arguments', () => {
  it('refuses a NUL in an inline literal with BAD_USER_INPUT naming the argument, not with SQL', async () => {
    const response = await harness.post('{ organizationByCode(code: "a\\u0000") { id } }');
    expectNoLeak(JSON.stringify(response));
    expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('code');
  });

  it('refuses a NUL in a variable, in a nested input object, with the path named', async () => {
    const search = await harness.post(
      'query ($filter: OrganizationFilter) { organizations(filter: $filter) { totalCount } }',
      {
        filter: { search: 'шк\u0000ола' },
      },
    );
    expectNoLeak(JSON.stringify(search));
    expect(responseCodes(search)).toEqual(['BAD_USER_INPUT']);
    expect(search.errors?.[0]?.message).toContain('filter.search');

    const root = await harness.post('{ root { id } }');
    const parentId = (root.data?.['root'] as { id: string }).id;
    const create = await harness.post(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { parentId, code: '99', name: 'Регион', level: 'REGIONAL', address: 'ул. Ленина\u0000, 1' } },
      adminAuth(),
    );
    expectNoLeak(JSON.stringify(create));
    expect(responseCodes(create)).toEqual(['BAD_USER_INPUT']);
    expect(create.errors?.[0]?.message).toContain('input.address');
  });

  it('refuses other C0 controls but accepts tab, newline and carriage return', async () => {
    const bell = await harness.post('query ($code: String!) { organizationByCode(code: $code) { id } }', {
      code: 'a\u0007',
    });
    expect(responseCodes(bell)).toEqual(['BAD_USER_INPUT']);
    const whitespace = await harness.post('query ($code: String!) { organizationByCode(code: $code) { id } }', {
      code: '77\t\r\n',
    });
    expect(whitespace.errors).toBeUndefined();
  });

  it('refuses a NUL sent straight to a subgraph as well', async () => {
    const response = await harness.post(
      '{ organizationByCode(code: "a\\u0000") { id } }',
      {},
      {},
      subgraphUrl('organizations'),
    );
    expectNoLeak(JSON.stringify(response));
    expect(responseCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('pagination cursors', () => {
  it('refuses a well-formed cursor holding a non-UUID id with INVALID_CURSOR', async () => {
    const cursor = Buffer.from(JSON.stringify(['x', 'x'])).toString('base64url');
    const response = await harness.post(`{ organizations(after: "${cursor}") { totalCount } }`);
    expectNoLeak(JSON.stringify(response));
    expect(responseCodes(response)).toEqual(['INVALID_CURSOR']);
  });

  it('still accepts the cursors it issues', async () => {
    const first = await harness.post('{ organizations(first: 2) { pageInfo { endCursor } } }');
    const cursor = (first.data?.['organizations'] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const next = await harness.post(
      'query ($after: String) { organizations(first: 2, after: $after) { nodes { id } } }',
      { after: cursor },
    );
    expect(next.errors).toBeUndefined();
  });
});

describe('bad requests are 400s, with a GraphQL-shaped JSON answer', () => {
  it('answers two operations without operationName, and an unknown operationName, with 400', async () => {
    const two = await postRaw(
      harness.stack.gatewayUrl,
      JSON.stringify({ query: 'query A { root { id } } query B { root { name } }' }),
    );
    expectNoLeak(two.text);
    expect(two.status).toBe(400);
    expect(codesOfText(two.text)).toEqual(['BAD_REQUEST']);
    const unknown = await postRaw(
      harness.stack.gatewayUrl,
      JSON.stringify({ query: 'query A { root { id } }', operationName: 'C' }),
    );
    expectNoLeak(unknown.text);
    expect(unknown.status).toBe(400);
    expect(codesOfText(unknown.text)).toEqual(['BAD_REQUEST']);
  });

  it('answers a Float literal out of range with 400', async () => {
    const root = await harness.post('{ root { id } }');
    const parentId = (root.data?.['root'] as { id: string }).id;
    const response = await postRaw(
      harness.stack.gatewayUrl,
      JSON.stringify({
        query: `{ ranking(parentId: "${parentId}", metric: MEMBERS_ON_RECORD, threshold: 1e400) { percent } }`,
      }),
      { authorization: `Bearer ${adminAuth().token}` },
    );
    expectNoLeak(response.text);
    expect(response.status).toBe(400);
    expect(codesOfText(response.text)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).toContain('threshold');
  });

  it('answers malformed JSON and a null body with 400 JSON, at the gateway and at a subgraph', async () => {
    for (const url of [harness.stack.gatewayUrl, subgraphUrl('members')]) {
      for (const body of ['{"query": ', 'null']) {
        const response = await postRaw(url, body);
        expectNoLeak(response.text);
        expect(response.status, `${url} ${body}`).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(codesOfText(response.text)).toEqual(['BAD_REQUEST']);
      }
    }
  });

  it('answers a body over the limit with 413 JSON, and no X-Powered-By', async () => {
    const huge = JSON.stringify({ query: '{ root { id } }', variables: { pad: 'x'.repeat(21 * 1024 * 1024) } });
    const response = await postRaw(harness.stack.gatewayUrl, huge);
    expectNoLeak(response.text);
    expect(response.status).toBe(413);
    expect(codesOfText(response.text)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(response.headers.get('x-powered-by')).toBeNull();
    const subgraph = await postRaw(subgraphUrl('members'), 'null');
    expect(subgraph.headers.get('x-powered-by')).toBeNull();
  });
});

describe('database failures', () => {
  it('answers two concurrent creations of the same code with ALREADY_EXISTS, never the SQL', async () => {
    const parent = await harness.post('{ organizationByCode(code: "77-001") { id } }');
    const parentId = (parent.data?.['organizationByCode'] as { id: string }).id;
    const create = () =>
      harness.post(
        'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
        { input: { parentId, code: '77-001-9555', name: 'ППО гонки', level: 'PRIMARY', primaryType: 'SCHOOL' } },
        adminAuth(),
      );
    const answers = await Promise.all(Array.from({ length: 6 }, create));
    for (const answer of answers) expectNoLeak(JSON.stringify(answer));
    const codes = answers.flatMap(responseCodes);
    expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(1);
    expect(new Set(codes)).toEqual(new Set(['ALREADY_EXISTS']));
  });
});
