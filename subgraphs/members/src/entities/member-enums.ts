import { registerEnumType } from 'type-graphql';

export enum MemberCategory {
  EMPLOYEE = 'EMPLOYEE',
  STUDENT = 'STUDENT',
  NON_WORKING_PENSIONER = 'NON_WORKING_PENSIONER',
  TEMPORARILY_NOT_WORKING = 'TEMPORARILY_NOT_WORKING',
}

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  LEFT = 'LEFT',
  EXCLUDED = 'EXCLUDED',
  DECEASED = 'DECEASED',
  /** A duplicate record folded into another; kept so its history stays traceable. */
  MERGED = 'MERGED',
}

export enum Sex {
  M = 'M',
  F = 'F',
}

export enum MembershipEventKind {
  ADMITTED = 'ADMITTED',
  TRANSFERRED = 'TRANSFERRED',
  LEFT = 'LEFT',
  EXCLUDED = 'EXCLUDED',
  DECEASED = 'DECEASED',
  REINSTATED = 'REINSTATED',
  MERGED = 'MERGED',
  IMPORTED = 'IMPORTED',
}

export enum ApplicationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** How a membership ends. */
export enum ExitKind {
  LEFT = 'LEFT',
  EXCLUDED = 'EXCLUDED',
  DECEASED = 'DECEASED',
}

registerEnumType(MemberCategory, { name: 'MemberCategory' });
registerEnumType(MemberStatus, { name: 'MemberStatus' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(MembershipEventKind, { name: 'MembershipEventKind' });
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
registerEnumType(ExitKind, { name: 'ExitKind', description: 'How a membership ends: leaving, exclusion or death' });

const categories: ReadonlySet<string> = new Set(Object.values(MemberCategory));
export const isMemberCategory = (value: string): value is MemberCategory => categories.has(value);
export const isSex = (value: string): value is Sex => value === 'M' || value === 'F';
