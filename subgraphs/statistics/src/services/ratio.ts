/** numerator / denominator, or null when the denominator is unknown or zero. */
export function ratio(
  numerator: number,
  denominator: number | null,
): { numerator: number; denominator: number | null; ratio: number | null } {
  return { numerator, denominator, ratio: denominator ? numerator / denominator : null };
}

/**
 * numerator / denominator as a percent with two decimals, rounded half up — as the union's tables
 * print it (97.47 %); null when the denominator is unknown or zero. Counts are computed in whole
 * hundredths of a percent with BigInt, so 97.475 % prints 97.48 (a float product could land a hair
 * below the half); shares that are not counts (completeness averages) fall back to float rounding.
 */
export function percentOf(numerator: number, denominator: number | null): number | null {
  if (!denominator) return null;
  if (Number.isInteger(numerator) && Number.isInteger(denominator)) {
    const n = BigInt(numerator);
    const d = BigInt(denominator);
    const sign = n < 0n !== d < 0n ? -1n : 1n;
    const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
    return Number(sign * ((2n * 10_000n * a + b) / (2n * b))) / 100;
  }
  return Math.round((numerator / denominator) * 10_000) / 100;
}

/**
 * Compares two shares exactly (a.n/a.d against b.n/b.d by cross-multiplication, in BigInt for
 * counts): two regions at 97.4955 % and 97.4720 % both print 97.5 at one decimal, and must still
 * rank by what they are, not by name. Unknown shares (null denominator) sort after known ones.
 */
export function compareShares(
  a: { numerator: number; denominator: number | null },
  b: { numerator: number; denominator: number | null },
): number {
  const known = (x: typeof a): x is { numerator: number; denominator: number } =>
    x.denominator !== null && x.denominator !== 0;
  if (!known(a) || !known(b)) return (known(a) ? 0 : 1) - (known(b) ? 0 : 1);
  const counts = [a.numerator, a.denominator, b.numerator, b.denominator].every(Number.isInteger);
  if (counts) {
    // Denominators are positive counts, so the cross products keep the order.
    const left = BigInt(a.numerator) * BigInt(b.denominator);
    const right = BigInt(b.numerator) * BigInt(a.denominator);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return a.numerator / a.denominator - b.numerator / b.denominator;
}
