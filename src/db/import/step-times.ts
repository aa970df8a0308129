/**
 * Wall-clock milliseconds per named step of one import (stage, references, orders, indexes, commit…),
 * summed when a step runs more than once: what the debug log and the benchmark show as `stepsMs`, so a
 * slow import says where its time went without re-running it at trace level.
 */
export class StepTimes {
  private readonly ms: Record<string, number> = {};
  private last = performance.now();

  /** Runs `fn` and adds its time to `name`. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - t0);
      this.last = performance.now();
    }
  }

  /** Adds the time since the previous step (or `mark`) ended to `name`. */
  lap(name: string): void {
    const now = performance.now();
    this.add(name, now - this.last);
    this.last = now;
  }

  /** Starts the clock for the next `lap` now. */
  mark(): void {
    this.last = performance.now();
  }

  private add(name: string, ms: number): void {
    this.ms[name] = (this.ms[name] ?? 0) + ms;
  }

  /** The steps so far, rounded to whole milliseconds, in the order they first ran. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v)]));
  }
}
