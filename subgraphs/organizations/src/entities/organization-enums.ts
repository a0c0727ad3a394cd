import { registerEnumType } from 'type-graphql';

/** Levels of the union's tree, from the central council down to primary organizations (ППО). */
export enum OrganizationLevel {
  CENTRAL = 'CENTRAL',
  /** Regional, interregional and district organizations. */
  REGIONAL = 'REGIONAL',
  /** District and city (territorial) organizations. */
  TERRITORIAL = 'TERRITORIAL',
  PRIMARY = 'PRIMARY',
}

/** Kind of institution a primary organization is formed in. */
export enum PrimaryType {
  SCHOOL = 'SCHOOL',
  PRESCHOOL = 'PRESCHOOL',
  HIGHER_EDUCATION = 'HIGHER_EDUCATION',
  VOCATIONAL = 'VOCATIONAL',
  SUPPLEMENTARY_EDUCATION = 'SUPPLEMENTARY_EDUCATION',
  STUDENTS = 'STUDENTS',
  OTHER = 'OTHER',
}

export enum OrganizationStatus {
  ACTIVE = 'ACTIVE',
  LIQUIDATED = 'LIQUIDATED',
  /** Merged into another organization, which took over its members; kept for history. */
  MERGED = 'MERGED',
}

registerEnumType(OrganizationLevel, {
  name: 'OrganizationLevel',
  description: 'Level in the union tree: CENTRAL → REGIONAL → TERRITORIAL → PRIMARY',
});
registerEnumType(PrimaryType, { name: 'PrimaryType', description: 'Institution of a primary organization' });
registerEnumType(OrganizationStatus, { name: 'OrganizationStatus' });

const levelValues: ReadonlySet<string> = new Set(Object.values(OrganizationLevel));
const primaryTypeValues: ReadonlySet<string> = new Set(Object.values(PrimaryType));
export const isOrganizationLevel = (value: string): value is OrganizationLevel => levelValues.has(value);
export const isPrimaryType = (value: string): value is PrimaryType => primaryTypeValues.has(value);
