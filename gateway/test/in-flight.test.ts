import type { Viewer } from '@registry/lib';
import { anonymous, Role } from '@registry/lib';
import { describe, expect, it } from 'vitest';
import { InFlight } from '../src/in-flight';
import { sharingKey } from '../src/subgraph-data-source';

/** A promise settled by the test, so "in flight" is a state the test controls, not a race. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const copy = (value: { data: number[] }): { data: number[] } => structuredClone(value);

describe('InFlight', () => {
  it('starts identical requests in flight once and gives every later caller its own copy', async () => {
    const inFlight = new InFlight<{ data: number[] }>();
    const response = deferred<{ data: number[] }>();
    const starts: string[] = [];
    const start = (key: string) => () => {
      starts.push(key);
      return response.promise;
    };
    const calls = [
      inFlight.share('a', start('a'), copy),
      inFlight.share('a', start('a'), copy),
      inFlight.share('a', start('a'), copy),
    ];
    expect(starts).toEqual(['a']);
    expect(inFlight.size).toBe(1);
    response.resolve({ data: [1, 2] });
    const [first, second, third] = await Promise.all(calls);
    expect([first, second, third]).toEqual([{ data: [1, 2] }, { data: [1, 2] }, { data: [1, 2] }]);
    expect(second).not.toBe(first);
    expect(third).not.toBe(second);
    expect(inFlight.size).toBe(0);
  });

  it('keeps nothing once settled: the next identical request starts anew', async () => {
    const inFlight = new InFlight<{ data: number[] }>();
    let starts = 0;
    const start = async (): Promise<{ data: number[] }> => ({ data: [(starts += 1)] });
    expect(await inFlight.share('a', start, copy)).toEqual({ data: [1] });
    expect(await inFlight.share('a', start, copy)).toEqual({ data: [2] });
  });

  it('passes a failure to every caller and forgets it', async () => {
    const inFlight = new InFlight<{ data: number[] }>();
    const response = deferred<{ data: number[] }>();
    const calls = [
      inFlight.share('a', () => response.promise, copy),
      inFlight.share('a', () => response.promise, copy),
    ];
    response.reject(new Error('subgraph down'));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(inFlight.size).toBe(0);
  });
});

describe('sharingKey', () => {
  const admin: Viewer = { ...anonymous, subject: 'admin', roles: [Role.CENTRAL_ADMIN] };
  const analyst: Viewer = {
    ...anonymous,
    subject: 'analyst',
    roles: [Role.ANALYST],
    organizationId: '6d7633de-771b-462b-9dfc-59d05b171acc',
  };
  const entities = {
    query: 'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }',
    variables: { representations: [{ id: '1' }] },
  };

  it('is the same for the same operation, variables, viewer and key, and differs when any of them does', () => {
    const key = sharingKey(entities, { viewer: admin, apiKey: null });
    expect(key).not.toBeNull();
    expect(sharingKey({ ...entities }, { viewer: { ...admin }, apiKey: null })).toBe(key);
    expect(sharingKey(entities, { viewer: analyst, apiKey: null })).not.toBe(key);
    expect(sharingKey(entities, { viewer: admin, apiKey: 'partner-key' })).not.toBe(key);
    expect(
      sharingKey({ ...entities, variables: { representations: [{ id: '2' }] } }, { viewer: admin, apiKey: null }),
    ).not.toBe(key);
  });

  it('is null for a mutation, which runs once per client request', () => {
    expect(sharingKey({ query: 'mutation { leaveUnion { id } }' }, { viewer: admin, apiKey: null })).toBeNull();
    expect(
      sharingKey(
        { query: '  mutation Exit($id: UUID!) { recordMemberExit(id: $id) { id } }' },
        { viewer: admin, apiKey: null },
      ),
    ).toBeNull();
  });
});
