import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import type { SubtreeMembership, Viewer } from '../src';
import { Ability, anonymous, DomainError, ErrorCode, Role, Scope } from '../src';

// A tree: central → region A → primary A1; central → region B. Ids are plain names here: the
// loader is the seam, and the real one (on organizations.subtree_v1) is exercised by every
// subgraph's and the e2e scope tests.
const PARENT: Record<string, string | null> = { central: null, A: 'central', A1: 'A', B: 'central' };
const isWithin = (rootId: string, id: string): boolean => {
  for (let node: string | null | undefined = id; node; node = PARENT[node]) if (node === rootId) return true;
  return false;
};

function membership(): { load: SubtreeMembership; calls: [string, string[]][] } {
  const calls: [string, string[]][] = [];
  const loaders = new Map<string, DataLoader<string, boolean>>();
  const load: SubtreeMembership = (rootId) => {
    let loader = loaders.get(rootId);
    if (!loader) {
      loader = new DataLoader<string, boolean>(async (ids) => {
        calls.push([rootId, [...ids]]);
        return ids.map((id) => isWithin(rootId, id));
      });
      loaders.set(rootId, loader);
    }
    return loader;
  };
  return { load, calls };
}

const viewer = (roles: Role[], organizationId: string | null = null, memberId: string | null = null): Viewer => ({
  subject: 'someone',
  roles,
  organizationId,
  memberId,
  partnerId: null,
});

describe('Scope', () => {
  it('gives central admins everything, org admins their subtree, analysts figures of it, others nothing', async () => {
    const cases: [Viewer, Ability, string, boolean][] = [
      [viewer([Role.CENTRAL_ADMIN]), Ability.MANAGE, 'B', true],
      [viewer([Role.ORG_ADMIN], 'A'), Ability.MANAGE, 'A1', true],
      [viewer([Role.ORG_ADMIN], 'A'), Ability.MANAGE, 'B', false],
      [viewer([Role.ORG_ADMIN], 'A'), Ability.MANAGE, 'central', false],
      [viewer([Role.ANALYST], 'A'), Ability.READ_FIGURES, 'A1', true],
      [viewer([Role.ANALYST], 'A'), Ability.MANAGE, 'A1', false],
      [viewer([Role.ANALYST], 'A'), Ability.READ_FIGURES, 'B', false],
      [viewer([Role.ORG_ADMIN]), Ability.MANAGE, 'A', false],
      [viewer([Role.MEMBER], null, 'm1'), Ability.READ_FIGURES, 'A', false],
      [viewer([Role.PARTNER]), Ability.READ_FIGURES, 'A', false],
      [anonymous, Ability.READ_FIGURES, 'A', false],
    ];
    for (const [who, ability, target, expected] of cases) {
      const scope = new Scope(who, membership().load);
      expect([who.roles, who.organizationId, ability, target, await scope.covers(target, ability)]).toEqual([
        who.roles,
        who.organizationId,
        ability,
        target,
        expected,
      ]);
    }
  });

  it('refuses with a typed FORBIDDEN naming the target and the scope', async () => {
    const scope = new Scope(viewer([Role.ORG_ADMIN], 'A'), membership().load);
    const refusal = await scope.assertCovers('B').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal instanceof DomainError && refusal.extensions).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      organizationId: 'B',
      scope: 'A',
    });
    await expect(scope.assertCoversAll(['A', 'A1'])).resolves.toBeUndefined();
    await expect(scope.assertCoversAll(['A', 'B'])).rejects.toMatchObject({ details: { organizationIds: ['B'] } });
  });

  it('filters a list with one batch per subtree root, keeping the order', async () => {
    const { load, calls } = membership();
    const scope = new Scope(viewer([Role.ORG_ADMIN], 'A'), load);
    expect(await scope.filter(['B', 'A1', 'central', 'A'])).toEqual(['A1', 'A']);
    expect(calls).toEqual([['A', ['B', 'A1', 'central', 'A']]]);
  });

  it('says where a statement must be restricted to', () => {
    expect(new Scope(viewer([Role.CENTRAL_ADMIN]), membership().load).rootOrNull()).toBeNull();
    expect(new Scope(viewer([Role.ANALYST], 'A'), membership().load).rootOrNull(Ability.READ_FIGURES)).toBe('A');
    expect(() => new Scope(viewer([Role.ANALYST], 'A'), membership().load).rootOrNull(Ability.MANAGE)).toThrow(
      DomainError,
    );
  });

  it('knows a member only as themselves', () => {
    expect(new Scope(viewer([Role.MEMBER], null, 'm1'), membership().load).isSelf('m1')).toBe(true);
    expect(new Scope(viewer([Role.MEMBER], null, 'm1'), membership().load).isSelf('m2')).toBe(false);
    expect(new Scope(viewer([Role.ORG_ADMIN], 'A', 'm1'), membership().load).isSelf('m1')).toBe(false);
  });
});
