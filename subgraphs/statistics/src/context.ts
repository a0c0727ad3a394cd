import type { RequestContext } from '@registry/lib';
import type { StatisticsLoaders } from './loaders/organization.loaders';

export type StatisticsContext = RequestContext<StatisticsLoaders>;
