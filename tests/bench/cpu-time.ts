import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, ms) of processes, read from /proc: Linux only, null elsewhere. */
export interface CpuSnapshot {
  byPid: Map<number, number>;
  /** Every process named `postgres` (the server and its backends), summed. */
  postgres: number;
}

/** USER_HZ: /proc counts CPU time in these ticks, 100 per second on Linux whatever the kernel HZ. */
const TICKS_PER_SECOND = 100;

function cpuOf(pid: number | string): { comm: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { comm, ms: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU time so far of the given processes and of all PostgreSQL processes; null without /proc. */
export function cpuSnapshot(pids: readonly number[]): CpuSnapshot | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const byPid = new Map<number, number>();
  for (const pid of pids) byPid.set(pid, cpuOf(pid)?.ms ?? Number.NaN);
  let postgres = 0;
  for (const entry of entries) {
    const cpu = cpuOf(entry);
    if (cpu?.comm === 'postgres') postgres += cpu.ms;
  }
  return { byPid, postgres };
}
