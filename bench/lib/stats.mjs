// Latency bookkeeping for the custom load loops (autocannon keeps its own).

/** Collects per-operation latencies (ms) while `measuring` is on, and the measured window's length. */
export class Recorder {
  latencies = [];
  measuring = false;
  startedAt = 0;
  endedAt = 0;

  start() {
    this.measuring = true;
    this.startedAt = performance.now();
    this.cpuAtStart = process.cpuUsage();
  }

  stop() {
    this.measuring = false;
    this.endedAt = performance.now();
    this.cpu = process.cpuUsage(this.cpuAtStart);
  }

  record(ms) {
    if (this.measuring) this.latencies.push(ms);
  }

  summary() {
    const sorted = Float64Array.from(this.latencies).sort();
    const seconds = (this.endedAt - this.startedAt) / 1000;
    return {
      total: sorted.length,
      seconds,
      rate: sorted.length / seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      // This process's own CPU (all threads) per operation in the measured window.
      cpuUsPerOp: this.cpu ? (this.cpu.user + this.cpu.system) / sorted.length : undefined,
    };
  }
}

export function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Runs `worker(index)` loops until the warm-up and the measured window are over; `worker` checks `running()`. */
export async function timedLoops({ concurrency, warmup, duration, recorder, worker }) {
  let running = true;
  const loops = Array.from({ length: concurrency }, (_, index) => worker(index, () => running));
  const timers = [
    setTimeout(() => recorder.start(), warmup * 1000),
    setTimeout(() => {
      recorder.stop();
      running = false;
    }, (warmup + duration) * 1000),
  ];
  try {
    await Promise.all(loops);
  } finally {
    running = false;
    timers.forEach(clearTimeout);
  }
  return recorder.summary();
}
