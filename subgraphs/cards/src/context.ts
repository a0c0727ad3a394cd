import type { RequestContext } from '@registry/lib';
import type { CardsLoaders } from './loaders';

export type CardsContext = RequestContext<CardsLoaders>;
