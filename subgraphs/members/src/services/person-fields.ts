import type { FieldProblem } from '@registry/lib';
import { cleanText, ErrorCode, isCalendarDate, normalizeEmail, normalizePhone, today } from '@registry/lib';
import { MIN_AGE, YOUTH_AGE } from '../contract';
import { isMemberCategory, isSex, MemberCategory, Sex } from '../entities/member-enums';
import { isValidSnils, normalizeSnils } from './snils';

/** A person as a form, an application or a CSV row states them: strings, possibly blank. */
export interface PersonInput {
  lastName?: string | null | undefined;
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  snils?: string | null | undefined;
  category?: string | null | undefined;
  position?: string | null | undefined;
}

/** The same, checked and normalized. */
export interface PersonFields {
  lastName?: string;
  firstName?: string;
  middleName?: string | null;
  birthDate?: string;
  sex?: Sex | null;
  phone?: string | null;
  email?: string | null;
  snils?: string | null;
  category?: MemberCategory;
  position?: string | null;
}

// The ages are the contract's, which other subgraphs' figures are built from too.
export { ADULT_AGE, MIN_AGE } from '../contract';

/** Oldest age a birth date may give: an older one is a typing error, not a living person. */
export const MAX_AGE = 120;
const NAME_PATTERN = /^[\p{L}][\p{L}' .-]*$/u;

/** Whether a member born on `birthDate` counts as youth on `on` (the rule `members.youth_ends_on` is in SQL). */
export const isYouthOn = (birthDate: string, on: string): boolean => ageOn(birthDate, on) < YOUTH_AGE;

/** Whole years between a birth date and a date, both YYYY-MM-DD. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (by === undefined || bm === undefined || bd === undefined || y === undefined || m === undefined || d === undefined)
    return 0;
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Checks every field that is present (undefined = not given) and reports all problems at once.
 * `required` lists the fields a new record must have. `on` is the date ages are taken on; when it
 * is a stated joining date, `onField` names it, and a birth date after it is that date's error
 * (the joining date is the one out of order), not a birth date "in the future".
 */
export function checkPersonFields(
  input: PersonInput,
  options: { required: boolean; on?: string; onField?: string },
): {
  fields: PersonFields;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const fields: PersonFields = {};
  const bad = (field: string, message: string, code: ErrorCode = ErrorCode.BAD_USER_INPUT): void => {
    problems.push({ field, code, message });
  };
  const on = options.on ?? today();

  for (const key of ['lastName', 'firstName'] as const) {
    const value = cleanText(input[key]);
    if (value === undefined) {
      if (options.required) bad(key, 'expected a name');
    } else if (value === null) bad(key, 'expected a non-empty name');
    else if (value.length > 100) bad(key, `expected at most 100 characters, got ${value.length}`);
    else if (!NAME_PATTERN.test(value))
      bad(key, `expected letters, spaces, hyphens or apostrophes, got ${JSON.stringify(value)}`);
    else fields[key] = value;
  }
  const middleName = cleanText(input.middleName);
  if (middleName !== undefined) {
    if (middleName !== null && (middleName.length > 100 || !NAME_PATTERN.test(middleName))) {
      bad('middleName', `expected up to 100 letters, got ${JSON.stringify(middleName)}`);
    } else fields.middleName = middleName;
  }
  const birthDate = cleanText(input.birthDate);
  if (birthDate === undefined || birthDate === null) {
    if (options.required || birthDate === null) bad('birthDate', 'expected a birth date YYYY-MM-DD');
  } else if (!isCalendarDate(birthDate))
    bad('birthDate', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(birthDate)}`);
  else if (birthDate > on && options.onField !== undefined && birthDate <= today())
    bad(options.onField, `expected on or after the birth date ${birthDate}, got ${on}`);
  else if (birthDate > on) bad('birthDate', `expected a date in the past, got ${birthDate}`);
  else if (ageOn(birthDate, on) < MIN_AGE)
    bad('birthDate', `members must be at least ${MIN_AGE}; born ${birthDate} is ${ageOn(birthDate, on)}`);
  else if (ageOn(birthDate, on) > MAX_AGE) bad('birthDate', `expected a living person's birth date, got ${birthDate}`);
  else fields.birthDate = birthDate;

  const sex = cleanText(input.sex);
  if (sex !== undefined) {
    if (sex === null || isSex(sex)) fields.sex = sex;
    else bad('sex', `expected M or F, got ${JSON.stringify(sex)}`);
  }
  const phone = cleanText(input.phone);
  if (phone !== undefined) {
    const normalized = phone === null ? null : normalizePhone(phone);
    if (normalized === undefined)
      bad('phone', `expected a Russian phone number like +7 916 123-45-67, got ${JSON.stringify(phone)}`);
    else fields.phone = normalized;
  }
  const email = cleanText(input.email);
  if (email !== undefined) {
    const normalized = email === null ? null : normalizeEmail(email);
    if (normalized === undefined) bad('email', `expected an email address, got ${JSON.stringify(email)}`);
    else fields.email = normalized;
  }
  const snils = cleanText(input.snils);
  if (snils !== undefined) {
    const digits = snils === null ? null : normalizeSnils(snils);
    if (digits !== null && !/^\d{11}$/.test(digits))
      bad('snils', `expected 11 digits (123-456-789 01), got ${JSON.stringify(snils)}`);
    else if (digits !== null && !isValidSnils(digits))
      bad('snils', `SNILS ${digits} fails its checksum`, ErrorCode.INVALID_SNILS);
    else fields.snils = digits;
  }
  const category = cleanText(input.category);
  if (category === undefined || category === null) {
    if (options.required || category === null)
      bad('category', `expected one of ${Object.values(MemberCategory).join(', ')}`);
  } else if (isMemberCategory(category)) fields.category = category;
  else bad('category', `expected one of ${Object.values(MemberCategory).join(', ')}, got ${JSON.stringify(category)}`);

  const position = cleanText(input.position);
  if (position !== undefined) {
    if (position !== null && position.length > 200)
      bad('position', `expected at most 200 characters, got ${position.length}`);
    else fields.position = position;
  }
  return { fields, problems };
}
