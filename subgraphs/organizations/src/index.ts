import type { SubgraphDefinition } from '@registry/lib';
import { Organization } from './entities/organization';
import { OrganizationEvent } from './entities/organization-event';
import type { OrganizationLoaders } from './loaders/organization.loaders';
import { createOrganizationLoaders } from './loaders/organization.loaders';
import { Migration20261124000001OrganizationTree } from './migrations/Migration20261124000001_organization_tree';
import { Migration20261124000002PublishedViews } from './migrations/Migration20261124000002_published_views';
import { Migration20261124000003PassportView } from './migrations/Migration20261124000003_passport_view';
import { Migration20261201200010OrganizationV2 } from './migrations/Migration20261201200010_organization_v2';
import { Migration20261216000001PassportV1Blank } from './migrations/Migration20261216000001_passport_v1_blank';
import { buildOrganizationsSchema } from './schema';

/** The union's tree: organizations, their passports and history. */
export const organizationsSubgraph: SubgraphDefinition<OrganizationLoaders> = {
  name: 'organizations',
  dbSchema: 'organizations',
  entities: [Organization, OrganizationEvent],
  migrations: [
    { name: 'Migration20261124000001_organization_tree', class: Migration20261124000001OrganizationTree },
    { name: 'Migration20261124000002_published_views', class: Migration20261124000002PublishedViews },
    { name: 'Migration20261124000003_passport_view', class: Migration20261124000003PassportView },
    { name: 'Migration20261201200010_organization_v2', class: Migration20261201200010OrganizationV2 },
    { name: 'Migration20261216000001_passport_v1_blank', class: Migration20261216000001PassportV1Blank },
  ],
  buildSchema: buildOrganizationsSchema,
  createLoaders: createOrganizationLoaders,
};

export { seedDemoUnion } from './seed/demo-union';
export type { OrganizationLoaders } from './loaders/organization.loaders';
// What the development stack's demo union and tests/generator load their unions through.
export { importOrganizations } from './services/organization-import';
export { FEDERAL_SUBJECTS } from './services/federal-subjects';
