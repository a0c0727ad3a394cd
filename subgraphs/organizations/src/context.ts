import type { RequestContext } from '@registry/lib';
import type { OrganizationLoaders } from './loaders/organization.loaders';

export type OrganizationsContext = RequestContext<OrganizationLoaders>;
