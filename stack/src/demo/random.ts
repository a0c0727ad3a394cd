/** mulberry32: a tiny seeded PRNG, so the same seed always generates the same union. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('Expected a non-empty list to pick from');
  return item;
}

/**
 * Splits `total` into `parts` shares with a Zipf-like skew (a few huge, many small), each at
 * least `minimum`, summing to `total` exactly.
 */
export function skewedShares(random: () => number, total: number, parts: number, minimum = 1, skew = 1.1): number[] {
  const weights = Array.from({ length: parts }, (_, index) => (1 / (index + 1) ** skew) * (0.6 + 0.8 * random()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, total - minimum * parts);
  const shares = weights.map((weight) => minimum + Math.floor((weight / sum) * spare));
  let rest = total - shares.reduce((a, b) => a + b, 0);
  for (let index = 0; rest > 0; index = (index + 1) % parts, rest -= 1) shares[index] = (shares[index] ?? 0) + 1;
  // Shuffle so the big ones are not all first in code order.
  for (let index = shares.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [shares[index], shares[other]] = [shares[other] ?? 0, shares[index] ?? 0];
  }
  return shares;
}
