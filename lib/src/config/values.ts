import { CommandError } from '../errors/command-error';
import type { Env } from './environment';

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The variable's text, trimmed; null when unset or blank. */
export function textOf(env: Env, name: string): string | null {
  const text = env[name]?.trim();
  return text ? text : null;
}

/** A duration such as `3600`, `90s`, `30m`, `12h` or `1d`, in seconds. */
export function durationSeconds(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const amount = match?.[1];
  const unit = DURATION_UNITS[match?.[2] || 's'];
  if (amount === undefined || unit === undefined || Number(amount) === 0) {
    throw new CommandError(
      `${name}: expected a positive duration such as 3600, 90s, 30m, 12h or 1d, got ${JSON.stringify(value)}`,
    );
  }
  return Number(amount) * unit;
}

/** A whole number from `min` to `max`, or `fallback` when unset. */
export function wholeNumber(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const text = textOf(env, name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max)
    throw new CommandError(
      `${name}: expected a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(text)}`,
    );
  return value;
}
