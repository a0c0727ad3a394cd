/** numerator / denominator, or null when the denominator is unknown or zero. */
export function ratio(numerator: number, denominator: number | null): { numerator: number; denominator: number | null; ratio: number | null } {
  return { numerator, denominator, ratio: denominator ? numerator / denominator : null };
}

/** Percent with one decimal, as the union's tables print it. */
export const percent = (value: number | null): number | null => (value === null ? null : Math.round(value * 1000) / 10);
