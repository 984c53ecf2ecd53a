// CPU time of a process from /proc (Linux): less sensitive than throughput to what else runs on
// the machine, so it backs up the ratios. Elsewhere it answers undefined and the column shows '-'.
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU milliseconds per thread of `pid` (tid -> ms), or an empty map. The main thread's tid is the pid. */
export function threadCpuMs(pid) {
  const threads = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ms = cpuMs(`${pid}/task/${tid}`);
      if (ms !== undefined) threads.set(tid, ms);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return threads;
}

/** CPU milliseconds of every running process whose command name is `name` (pid -> ms). */
export function processesCpuMs(name) {
  const processes = new Map();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue;
      const ms = cpuMs(pid);
      if (ms !== undefined) processes.set(pid, ms);
    } catch {
      // exited while being read
    }
  }
  return processes;
}

/** Busy and idle CPU milliseconds of the whole machine so far (all cores, from /proc/stat). */
export function machineCpuMs() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.slice(0, 8).map(Number);
  const idle = ticks[3] + ticks[4];
  return { busy: (ticks.reduce((a, b) => a + b, 0) - idle) * MS_PER_TICK, idle: idle * MS_PER_TICK };
}
