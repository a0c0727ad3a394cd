/** Latency figures of one measured run, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Nearest-rank percentiles of the latencies (ms). Nearest rank rather than interpolation: every
 * figure reported is a latency that was actually observed.
 */
export function summarize(latencies: readonly number[]): LatencySummary {
  if (latencies.length === 0)
    return { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (share: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sum / sorted.length,
  };
}
