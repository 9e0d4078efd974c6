/**
 * CPU time a process tree has used (user + system, its own threads and live descendants), from
 * Linux's /proc. Wall-clock figures on a shared 2-core machine move with whatever else runs;
 * CPU per operation does not, so the sign-in figures report both. `undefined` off Linux.
 */
import { readFileSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks of 1/100 s on every platform Node supports. */
const TICK_MS = 10;

export function processTreeCpuMs(pid: number): number | undefined {
  try {
    let total = 0;
    for (const id of tree(pid)) total += ownCpuMs(id);
    return total;
  } catch {
    return undefined;
  }
}

function ownCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function tree(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return [pid, ...(children ? children.split(' ').map(Number).flatMap(tree) : [])];
}
