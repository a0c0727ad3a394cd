import { OrganizationLevel } from '../entities/organization-enums';

/**
 * Which levels may sit directly under which. A primary organization may sit under a territorial
 * organization or straight under a regional one (universities often do); a territorial one only
 * under a regional one; the central council has no parent.
 */
const ALLOWED_PARENT_LEVELS: Readonly<Record<OrganizationLevel, readonly OrganizationLevel[]>> = {
  [OrganizationLevel.CENTRAL]: [],
  [OrganizationLevel.REGIONAL]: [OrganizationLevel.CENTRAL],
  [OrganizationLevel.TERRITORIAL]: [OrganizationLevel.REGIONAL],
  [OrganizationLevel.PRIMARY]: [OrganizationLevel.TERRITORIAL, OrganizationLevel.REGIONAL],
};

export const canSitUnder = (child: OrganizationLevel, parent: OrganizationLevel): boolean =>
  ALLOWED_PARENT_LEVELS[child].includes(parent);
