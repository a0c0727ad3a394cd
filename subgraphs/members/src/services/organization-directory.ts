import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, notFound } from '@registry/lib';
import { organizationById } from '@registry/organizations/contract';

/** What this subgraph may know of an organization, read from the organizations subgraph's published view. */
export interface OrganizationSummary {
  id: string;
  level: string;
  status: string;
}

/** Members belong to active primary organizations only; anything else is refused with its reason. */
export async function requirePrimaryOrganization(
  em: EntityManager,
  id: string,
  field: string,
): Promise<OrganizationSummary> {
  const organization = await organizationById(em, id);
  if (!organization) throw notFound('Organization', field, id);
  if (organization.level !== 'PRIMARY') {
    throw new DomainError(
      ErrorCode.INVALID_HIERARCHY,
      `${field}: members belong to primary organizations; ${id} is ${organization.level}`,
      {
        field,
        level: organization.level,
      },
    );
  }
  if (organization.status !== 'ACTIVE') {
    throw new DomainError(ErrorCode.INVALID_STATE, `${field}: organization ${id} is ${organization.status}`, {
      field,
      status: organization.status,
    });
  }
  return organization;
}
