import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Remembers how long some work recently took, and can wait as long as one of those times picked at
 * random. A path that must skip the work (an unknown email may leave no database rows) then takes as
 * long as the path that does it, in distribution and not only on average.
 */
export class DurationSampler {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 64) {}

  /** Runs `work` and remembers how long it took, whether it succeeded or not. */
  async measure<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.record(performance.now() - started);
    }
  }

  record(milliseconds: number): void {
    if (this.samples.length < this.capacity) {
      this.samples.push(milliseconds);
    } else {
      this.samples[this.next] = milliseconds;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** Waits as long as one remembered run took; returns at once while nothing was measured yet. */
  async waitLikeRecent(): Promise<void> {
    if (this.samples.length === 0) return;
    await sleep(this.samples[randomInt(this.samples.length)]);
  }

  get size(): number {
    return this.samples.length;
  }
}
