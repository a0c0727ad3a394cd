import { DomainError, ErrorCode } from '@registry/lib';

/**
 * Card numbers: 16 digits = `9643` + federal subject code (2, `00` when the organization has
 * none) + serial (9, drawn at random by `cards.random_card_serial`) + Luhn check digit (1).
 *
 * Why random: a number is what a partner's till (or anyone with a partner's key) asks about, and
 * each answer tells whether the holder is a member and earns cashback. Sequential serials made
 * the neighbours of any known number live cards; random ones make a guess land on a card with
 * the odds of (cards of the region) / 10^9.
 *
 * Why 9643: in ISO/IEC 7812 a leading 9 is the "national assignment" industry, followed by the
 * numeric country code (643, Russia). A union card is not a payment card, so its numbers must
 * stay out of payment systems' ranges (2200–2204 is Mir): a partner's till could otherwise try to
 * route it as a bank card. The database computes the same check digit
 * (`cards.luhn_check_digit`), and a check constraint refuses any number that fails it.
 */
export const CARD_NUMBER_PREFIX = '9643';

/** How many serials there are per region: 9 digits. */
const SERIAL_SPACE = 1_000_000_000;

/**
 * Where serials are drawn from. Only tests narrow the space, to make collisions likely and see
 * them retried; it must not exceed the 9 digits.
 */
export interface CardNumberOptions {
  readonly serialSpace: number;
}

export const DEFAULT_CARD_NUMBERS: CardNumberOptions = Object.freeze({ serialSpace: SERIAL_SPACE });

export function checkCardNumberOptions(options: CardNumberOptions): CardNumberOptions {
  if (!Number.isSafeInteger(options.serialSpace) || options.serialSpace < 1 || options.serialSpace > SERIAL_SPACE) {
    throw new Error(`serialSpace: expected a whole number from 1 to ${SERIAL_SPACE}, got ${options.serialSpace}`);
  }
  return options;
}

/** The Luhn check digit of `body` (the digits before it): doubling starts at the rightmost digit. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = Number(body[body.length - 1 - i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return String((10 - (sum % 10)) % 10);
}

export const isLuhnValid = (number: string): boolean =>
  /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === number.slice(-1);

/** Digits of a number as people write it: spaces and hyphens between groups are fine. */
export const normalizeCardNumber = (raw: string): string => raw.replace(/[\s-]/g, '');

/**
 * A card number as typed (e.g. at a till), checked: 16 digits whose last is the Luhn check digit.
 * Anything else is INVALID_CARD_NUMBER saying what was wrong.
 */
export function parseCardNumber(raw: string, field = 'number'): string {
  const number = normalizeCardNumber(raw);
  if (!/^\d{16}$/.test(number)) {
    throw new DomainError(ErrorCode.INVALID_CARD_NUMBER, `${field}: expected 16 digits, got ${JSON.stringify(raw)}`, {
      field,
      reason: 'FORMAT',
    });
  }
  if (!isLuhnValid(number)) {
    throw new DomainError(
      ErrorCode.INVALID_CARD_NUMBER,
      `${field}: the check digit of ${number} should be ${luhnCheckDigit(number.slice(0, 15))}`,
      {
        field,
        reason: 'CHECK_DIGIT',
      },
    );
  }
  return number;
}

/** How a number is shown where the whole number is not needed: the last four digits. */
export const maskCardNumber = (number: string): string => `•••• ${number.slice(-4)}`;
