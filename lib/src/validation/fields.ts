import { DomainError, ErrorCode } from '../errors/domain-error';

/** One thing wrong with one field; a row or an input may have several. */
export interface FieldProblem {
  readonly field: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/** Throws the problems as one typed error: the first problem's code, all problems in `details`. */
export function assertNoProblems(problems: readonly FieldProblem[]): void {
  const [first] = problems;
  if (!first) return;
  throw new DomainError(first.code, `${first.field}: ${first.message}`, { field: first.field, problems });
}

/** Trims and folds inner white space; blank means null; undefined stays undefined ("not given"). */
export const cleanText = (value: string | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim().replace(/\s+/g, ' ');

/** Russian numbers in E.164 (+7XXXXXXXXXX); 8XXXXXXXXXX is the domestic form of the same. */
export function normalizePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s()-]/g, '');
  if (/^\+7\d{10}$/.test(digits)) return digits;
  if (/^[78]\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  return undefined;
}

const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** A plausible email address, lower-cased; undefined when it is not one. */
export function normalizeEmail(raw: string): string | undefined {
  return raw.length <= 254 && EMAIL_PATTERN.test(raw) ? raw.toLowerCase() : undefined;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Today's date in UTC as YYYY-MM-DD. */
export const today = (): string => new Date().toISOString().slice(0, 10);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
