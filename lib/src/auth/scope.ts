import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { subtreeMembership } from '../contract/organization-subtree';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { memoized } from '../loaders/memoized';
import type { Role, Viewer } from './viewer';

/**
 * What a role may do with an organization's subtree. Two abilities are enough for the registry:
 * figures are aggregates (no person can be recognized in them), records are everything else
 * (members' personal data, cards, applications, passports' change history, report forms' inputs).
 */
export const Ability = {
  /** Coverage, member and card counts, rankings, report forms: aggregates of a subtree. */
  READ_FIGURES: 'READ_FIGURES',
  /** Read and change the records of a subtree: members, applications, cards, organizations. */
  MANAGE: 'MANAGE',
} as const;
export type Ability = (typeof Ability)[keyof typeof Ability];

/**
 * The one table of who may do what where. `everywhere`: the whole union; `subtree`: the viewer's
 * organization and everything below it; roles absent from an ability have it nowhere. Members
 * and partners act on their own record or key only, which `Scope.isSelf` answers.
 */
export const ROLE_REACH: Readonly<Record<Ability, Readonly<Partial<Record<Role, 'everywhere' | 'subtree'>>>>> = {
  READ_FIGURES: { CENTRAL_ADMIN: 'everywhere', ORG_ADMIN: 'subtree', ANALYST: 'subtree' },
  MANAGE: { CENTRAL_ADMIN: 'everywhere', ORG_ADMIN: 'subtree' },
};

/** Where a viewer may do something: the whole union, one subtree, or nowhere. */
export type Reach =
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'subtree'; readonly rootId: string }
  | { readonly kind: 'nowhere' };

/** Answers "does organization `id` lie in `rootId`'s subtree?" for many ids at once. */
export type SubtreeMembership = (rootId: string) => DataLoader<string, boolean>;

/**
 * What the caller of one request may reach, computed once per request and asked by every
 * resolver, reference resolver and service: `assertCovers(organizationId)` before acting,
 * `filter(ids)` before listing, `reach()` to restrict a statement to the subtree in SQL.
 * Subtree membership goes through one batched loader, so a list of a thousand rows costs one
 * statement, not a thousand.
 */
export class Scope {
  constructor(
    readonly viewer: Viewer,
    private readonly inSubtreeOf: SubtreeMembership,
  ) {}

  /** Where the viewer may do `ability`: the widest reach any of its roles gives. */
  reach(ability: Ability = Ability.MANAGE): Reach {
    const reaches = this.viewer.roles.map((role) => ROLE_REACH[ability][role]);
    if (reaches.includes('everywhere')) return { kind: 'everywhere' };
    if (reaches.includes('subtree') && this.viewer.organizationId !== null)
      return { kind: 'subtree', rootId: this.viewer.organizationId };
    return { kind: 'nowhere' };
  }

  /** Whether the viewer may do `ability` anywhere at all (the gate before any per-row check). */
  hasAbility(ability: Ability = Ability.MANAGE): boolean {
    return this.reach(ability).kind !== 'nowhere';
  }

  /** Whether `ability` reaches the whole union (a central admin's). */
  isEverywhere(ability: Ability = Ability.MANAGE): boolean {
    return this.reach(ability).kind === 'everywhere';
  }

  /** Whether the viewer is this member, signed in as themselves. */
  isSelf(memberId: string): boolean {
    return this.viewer.memberId !== null && this.viewer.memberId === memberId && this.viewer.roles.includes('MEMBER');
  }

  /** Whether the viewer may do `ability` on organization `organizationId`. */
  async covers(organizationId: string, ability: Ability = Ability.MANAGE): Promise<boolean> {
    const reach = this.reach(ability);
    if (reach.kind === 'everywhere') return true;
    if (reach.kind === 'nowhere') return false;
    return this.inSubtreeOf(reach.rootId).load(organizationId);
  }

  /** Refuses with FORBIDDEN unless the viewer may do `ability` on `organizationId`. */
  async assertCovers(organizationId: string, ability: Ability = Ability.MANAGE): Promise<void> {
    if (await this.covers(organizationId, ability)) return;
    throw outsideScope(this.viewer, ability, { organizationId });
  }

  /** Refuses with FORBIDDEN unless the viewer may do `ability` on every one of `organizationIds`. */
  async assertCoversAll(organizationIds: readonly string[], ability: Ability = Ability.MANAGE): Promise<void> {
    const covered = await Promise.all(organizationIds.map((id) => this.covers(id, ability)));
    const outside = organizationIds.filter((_, index) => !covered[index]);
    if (outside.length > 0) throw outsideScope(this.viewer, ability, { organizationIds: outside });
  }

  /** The ids among `organizationIds` the viewer may do `ability` on, in their order. */
  async filter(organizationIds: readonly string[], ability: Ability = Ability.MANAGE): Promise<string[]> {
    const covered = await Promise.all(organizationIds.map((id) => this.covers(id, ability)));
    return organizationIds.filter((_, index) => covered[index]);
  }

  /**
   * The subtree root a statement must be restricted to, or null for the whole union; FORBIDDEN
   * when the viewer may not do `ability` anywhere.
   */
  rootOrNull(ability: Ability = Ability.MANAGE): string | null {
    const reach = this.reach(ability);
    if (reach.kind === 'everywhere') return null;
    if (reach.kind === 'subtree') return reach.rootId;
    throw outsideScope(this.viewer, ability, {});
  }
}

function outsideScope(viewer: Viewer, ability: Ability, details: Record<string, unknown>): DomainError {
  const what = ability === Ability.MANAGE ? 'records' : 'figures';
  const where =
    viewer.organizationId === null
      ? 'your role reaches no organization'
      : `your ${what} reach only the subtree of organization ${viewer.organizationId}`;
  const target = 'organizationId' in details ? `Organization ${String(details['organizationId'])}` : 'This';
  return new DomainError(ErrorCode.FORBIDDEN, `${target} is outside your scope: ${where}`, {
    ...details,
    ability,
    scope: viewer.organizationId,
  });
}

/**
 * The batched subtree membership a request's scope asks: one statement per batch and subtree
 * root, on the organizations subgraph's published closure (contract/organization-subtree.ts).
 */
export function createSubtreeMembership(em: EntityManager): SubtreeMembership {
  return memoized(
    (rootId: string) =>
      new DataLoader<string, boolean>(async (ids) => {
        const inside = await subtreeMembership(em, rootId, ids);
        return ids.map((id) => inside.has(id));
      }),
  );
}

/** A request's scope over an entity manager of its own (services called outside a request use this). */
export const scopeOf = (em: EntityManager, viewer: Viewer): Scope => new Scope(viewer, createSubtreeMembership(em));
