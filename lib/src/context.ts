import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './auth/viewer';

/**
 * What every resolver receives, made anew for each request: an entity manager forked for this
 * request (its identity map must not outlive it) and fresh DataLoaders, whose caches are
 * per-request by design (dataloader README, "Creating a new DataLoader per request").
 */
export interface RequestContext<TLoaders> {
  readonly em: EntityManager;
  readonly loaders: TLoaders;
  readonly viewer: Viewer;
}
