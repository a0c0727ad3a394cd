import type { Organization } from '../entities/organization';
import { OrganizationLevel } from '../entities/organization-enums';

/** Fields of the passport every organization must fill, besides those the schema already requires. */
export type PassportField =
  'shortName' | 'subjectCode' | 'address' | 'inn' | 'ogrn' | 'chairName' | 'chairPhone' | 'chairEmail';

const PASSPORT_FIELDS: readonly PassportField[] = [
  'shortName',
  'subjectCode',
  'address',
  'inn',
  'ogrn',
  'chairName',
  'chairPhone',
  'chairEmail',
];

export interface PassportCompleteness {
  readonly filled: PassportField[];
  readonly missing: PassportField[];
  /** Filled share of the mandatory fields, 0..1. */
  readonly completeness: number;
}

const present = (value: string | null): boolean => value !== null && value.trim().length > 0;

/**
 * Completeness of an organization's passport. The central council has no federal subject, so it
 * is not asked for one; every other field applies to every level.
 */
export function passportOf(organization: Organization): PassportCompleteness {
  const values: Record<PassportField, string | null> = {
    shortName: organization.shortName,
    subjectCode: organization.subjectCode,
    address: organization.address,
    inn: organization.inn,
    ogrn: organization.ogrn,
    chairName: organization.chair.name,
    chairPhone: organization.chair.phone,
    chairEmail: organization.chair.email,
  };
  const applicable = PASSPORT_FIELDS.filter(
    (field) => !(field === 'subjectCode' && organization.level === OrganizationLevel.CENTRAL),
  );
  const filled = applicable.filter((field) => present(values[field]));
  const missing = applicable.filter((field) => !present(values[field]));
  return { filled, missing, completeness: applicable.length === 0 ? 1 : filled.length / applicable.length };
}
