import type { RequestContext } from '@registry/lib';
import type { StatisticsLoaders } from './loaders/statistics.loaders';

export type StatisticsContext = RequestContext<StatisticsLoaders>;
