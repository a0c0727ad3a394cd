import type { ScaleName } from '../generator/scales';
import { isScaleName, SCALES } from '../generator/scales';

/** What `npm run bench -- …` was asked. */
export interface CommandLine {
  scale: ScaleName;
  seed: number;
  durationMs: number;
  concurrency: number;
  out: string;
  /**
   * A database on the server already holding this scale's union, loaded by an earlier run of the
   * same seed (a national load takes about 17 minutes): used as it is and kept; with it,
   * `loadSeconds` are that run's load steps, for the report.
   */
  loadedDatabase: string | null;
  loadSeconds: Record<string, number> | null;
}

/**
 * Reads `--scale`, `--seed`, `--duration-ms`, `--concurrency`, `--out`, `--loaded-database` and
 * `--load-seconds` (a JSON object of step → seconds), refusing what it cannot use.
 */
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
    loadedDatabase: option('loaded-database') ?? null,
    loadSeconds: loadSecondsOf(option('load-seconds')),
  };
}

function loadSecondsOf(text: string | undefined): Record<string, number> | null {
  if (text === undefined) return null;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`--load-seconds: expected a JSON object of step → seconds, got ${text}`);
  const entries = Object.entries(parsed);
  if (!entries.every(([, value]) => typeof value === 'number'))
    throw new Error(`--load-seconds: expected every step's seconds to be a number, got ${text}`);
  return Object.fromEntries(entries.map(([step, value]) => [step, Number(value)]));
}
