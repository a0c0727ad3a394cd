/**
 * Checksums of Russian legal identifiers, as the Federal Tax Service defines them. A typo in an
 * INN or OGRN is caught here rather than discovered when a report bounces.
 */

const digitsOf = (value: string): number[] => [...value].map(Number);

const weightedMod11 = (digits: number[], weights: number[]): number =>
  (weights.reduce((sum, weight, index) => sum + weight * (digits[index] ?? 0), 0) % 11) % 10;

/** INN of a legal entity (10 digits) or of a person (12 digits). */
export function isValidInn(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) {
    const digits = digitsOf(inn);
    return weightedMod11(digits, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[9];
  }
  if (/^\d{12}$/.test(inn)) {
    const digits = digitsOf(inn);
    return (
      weightedMod11(digits, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[10] &&
      weightedMod11(digits, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[11]
    );
  }
  return false;
}

/** OGRN of a legal entity (13 digits) or OGRNIP of an entrepreneur (15 digits). */
export function isValidOgrn(ogrn: string): boolean {
  if (/^\d{13}$/.test(ogrn)) {
    return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]);
  }
  if (/^\d{15}$/.test(ogrn)) {
    return Number((BigInt(ogrn.slice(0, 14)) % 13n) % 10n) === Number(ogrn[14]);
  }
  return false;
}
