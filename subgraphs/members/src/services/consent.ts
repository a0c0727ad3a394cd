import { DomainError, ErrorCode, cleanText } from '@registry/lib';
import { ADULT_AGE, ageOn } from './person-fields';

export interface ConsentInput {
  /** Version of the consent text the person accepted, e.g. "2026-01". */
  consentVersion?: string | null | undefined;
  bonusConsent?: boolean | null | undefined;
  guardianName?: string | null | undefined;
}

export interface Consent {
  consentVersion: string;
  bonusConsent: boolean;
  guardianName: string | null;
}

/**
 * No consent to processing, no record (152-FZ). A person under 18 also needs a guardian's
 * consent, recorded with the guardian's name.
 */
export function checkConsent(input: ConsentInput, birthDate: string | undefined, on: string): Consent {
  const version = cleanText(input.consentVersion);
  if (!version || version.length > 20) {
    throw new DomainError(
      ErrorCode.CONSENT_REQUIRED,
      'consentVersion: the consent to personal-data processing (its version, up to 20 characters) is required',
      {
        field: 'consentVersion',
      },
    );
  }
  const guardianName = cleanText(input.guardianName) ?? null;
  if (birthDate && ageOn(birthDate, on) < ADULT_AGE && !guardianName) {
    throw new DomainError(
      ErrorCode.CONSENT_REQUIRED,
      `guardianName: a person under ${ADULT_AGE} needs a guardian's consent`,
      {
        field: 'guardianName',
      },
    );
  }
  if (guardianName && guardianName.length > 300) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `guardianName: expected at most 300 characters, got ${guardianName.length}`,
      { field: 'guardianName' },
    );
  }
  return { consentVersion: version, bonusConsent: input.bonusConsent ?? false, guardianName };
}
