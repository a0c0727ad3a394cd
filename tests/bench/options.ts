import type { ScaleName } from '../generator/scales';
import { isScaleName, SCALES } from '../generator/scales';

/** What `npm run bench -- …` was asked. */
export interface CommandLine {
  scale: ScaleName;
  seed: number;
  durationMs: number;
  concurrency: number;
  out: string;
}

/** Reads `--scale`, `--seed`, `--duration-ms`, `--concurrency`, `--out`, refusing what it cannot use. */
export function parseCommandLine(args: readonly string[]): CommandLine {
  const option = (name: string): string | undefined => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const whole = (name: string, fallback: number, minimum: number): number => {
    const text = option(name);
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < minimum)
      throw new Error(`--${name}: expected a whole number ≥ ${minimum}, got ${text}`);
    return value;
  };
  const scale = option('scale') ?? 'small';
  if (!isScaleName(scale)) throw new Error(`--scale: expected one of ${Object.keys(SCALES).join(', ')}, got ${scale}`);
  return {
    scale,
    seed: whole('seed', 20200101, 0),
    durationMs: whole('duration-ms', 3000, 50),
    concurrency: whole('concurrency', 8, 1),
    out: option('out') ?? 'docs/benchmarks.md',
  };
}
