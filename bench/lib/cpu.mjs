// CPU time of a process from /proc (Linux): less sensitive than throughput to what else runs on
// the machine, so it backs up the ratios. Elsewhere it answers undefined and the column shows '-'.
import { readFileSync } from 'node:fs';

// USER_HZ: 100 on every mainstream Linux build.
const MS_PER_TICK = 10;

/** user + system CPU milliseconds used so far by `pid` (its threads included), or undefined. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** CPU microseconds per operation between two `cpuMs` readings, or undefined. */
export function cpuPerOp(before, after, operations) {
  if (before === undefined || after === undefined || !operations) return undefined;
  return ((after - before) * 1000) / operations;
}
