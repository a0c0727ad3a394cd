import type { FieldProblem } from '@registry/lib';
import { cleanText, ErrorCode, normalizeEmail, normalizePhone } from '@registry/lib';
import { isOrganizationLevel, isPrimaryType, OrganizationLevel, PrimaryType } from '../entities/organization-enums';
import { FEDERAL_SUBJECTS } from './federal-subjects';
import { isValidInn, isValidOgrn } from './identifiers';

/** Passport fields as a client or a CSV row states them: strings, possibly blank or padded. */
export interface OrganizationFieldsInput {
  code?: string | null | undefined;
  name?: string | null | undefined;
  shortName?: string | null | undefined;
  level?: string | null | undefined;
  primaryType?: string | null | undefined;
  subjectCode?: string | null | undefined;
  address?: string | null | undefined;
  inn?: string | null | undefined;
  ogrn?: string | null | undefined;
  chairName?: string | null | undefined;
  chairPhone?: string | null | undefined;
  chairEmail?: string | null | undefined;
}

/** The same fields checked and normalized: trimmed, blank → null, phone in E.164. */
export type OrganizationFields = {
  [K in keyof OrganizationFieldsInput]?: K extends 'level'
    ? OrganizationLevel
    : K extends 'primaryType'
      ? PrimaryType | null
      : K extends 'code' | 'name'
        ? string
        : string | null;
};

const subjectCodes: ReadonlySet<string> = new Set(FEDERAL_SUBJECTS.map((subject) => subject.code));

const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/;

const MAX_LENGTH = { name: 500, shortName: 200, address: 1000, chairName: 300 } as const;

/**
 * Checks every field that is present (undefined means "not given": updates leave it alone) and
 * reports every problem at once, so a CSV row's report lists all that is wrong with it.
 */
export function checkOrganizationFields(input: OrganizationFieldsInput): {
  fields: OrganizationFields;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const fields: OrganizationFields = {};
  const bad = (field: string, message: string, code: ErrorCode = ErrorCode.BAD_USER_INPUT): void => {
    problems.push({ field, code, message });
  };
  const text = cleanText;

  const code = text(input.code);
  if (code !== undefined) {
    if (code === null || !CODE_PATTERN.test(code)) {
      bad(
        'code',
        `expected 1-32 letters, digits, '.', '/' or '-' starting with a letter or digit, got ${JSON.stringify(input.code)}`,
      );
    } else fields.code = code;
  }
  const name = text(input.name);
  if (name !== undefined) {
    if (name === null) bad('name', 'expected a non-empty name');
    else if (name.length > MAX_LENGTH.name)
      bad('name', `expected at most ${MAX_LENGTH.name} characters, got ${name.length}`);
    else fields.name = name;
  }
  for (const key of ['shortName', 'address', 'chairName'] as const) {
    const value = text(input[key]);
    if (value === undefined) continue;
    if (value !== null && value.length > MAX_LENGTH[key]) {
      bad(key, `expected at most ${MAX_LENGTH[key]} characters, got ${value.length}`);
    } else fields[key] = value;
  }
  const level = text(input.level);
  if (level !== undefined) {
    if (level !== null && isOrganizationLevel(level)) fields.level = level;
    else
      bad(
        'level',
        `expected one of ${Object.values(OrganizationLevel).join(', ')}, got ${JSON.stringify(input.level)}`,
      );
  }
  const primaryType = text(input.primaryType);
  if (primaryType !== undefined) {
    if (primaryType === null || isPrimaryType(primaryType)) fields.primaryType = primaryType;
    else
      bad(
        'primaryType',
        `expected one of ${Object.values(PrimaryType).join(', ')}, got ${JSON.stringify(input.primaryType)}`,
      );
  }
  const subjectCode = text(input.subjectCode);
  if (subjectCode !== undefined) {
    if (subjectCode !== null && !subjectCodes.has(subjectCode)) {
      bad('subjectCode', `expected the two-digit code of a federal subject, got ${JSON.stringify(input.subjectCode)}`);
    } else fields.subjectCode = subjectCode;
  }
  const inn = text(input.inn);
  if (inn !== undefined) {
    if (inn !== null && !/^\d{10}$/.test(inn))
      bad('inn', `expected 10 digits (an institution's INN), got ${JSON.stringify(input.inn)}`);
    else if (inn !== null && !isValidInn(inn)) bad('inn', `INN ${inn} fails its checksum`, ErrorCode.INVALID_INN);
    else fields.inn = inn;
  }
  const ogrn = text(input.ogrn);
  if (ogrn !== undefined) {
    if (ogrn !== null && !/^\d{13}$/.test(ogrn))
      bad('ogrn', `expected 13 digits (an institution's OGRN), got ${JSON.stringify(input.ogrn)}`);
    else if (ogrn !== null && !isValidOgrn(ogrn))
      bad('ogrn', `OGRN ${ogrn} fails its checksum`, ErrorCode.INVALID_OGRN);
    else fields.ogrn = ogrn;
  }
  const phone = text(input.chairPhone);
  if (phone !== undefined) {
    const normalized = phone === null ? null : normalizePhone(phone);
    if (normalized === undefined)
      bad(
        'chairPhone',
        `expected a Russian phone number like +7 495 123-45-67, got ${JSON.stringify(input.chairPhone)}`,
      );
    else fields.chairPhone = normalized;
  }
  const email = text(input.chairEmail);
  if (email !== undefined) {
    const normalized = email === null ? null : normalizeEmail(email);
    if (normalized === undefined)
      bad('chairEmail', `expected an email address, got ${JSON.stringify(input.chairEmail)}`);
    else fields.chairEmail = normalized;
  }
  return { fields, problems };
}
