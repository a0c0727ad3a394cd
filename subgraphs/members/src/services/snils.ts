/**
 * SNILS (insurance account number) check digits, as the Pension Fund defines them: the first nine
 * digits weighted 9..1; a sum under 100 is the check number, 100 and 101 give 00, larger sums are
 * taken mod 101 first. Numbers up to 001-001-998 were issued before check digits existed.
 */
export function isValidSnils(snils: string): boolean {
  if (!/^\d{11}$/.test(snils)) return false;
  const body = snils.slice(0, 9);
  if (Number(body) <= 1_001_998) return true;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const remainder = sum % 101;
  const check = remainder === 100 ? 0 : remainder;
  return check === Number(snils.slice(9));
}

/** Accepts the usual written forms (123-456-789 01) and keeps the digits. */
export const normalizeSnils = (raw: string): string => raw.replace(/[\s-]/g, '');
