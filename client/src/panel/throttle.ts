// Coalesces bursts of updates: training reports every batch (hundreds a second on a small
// model), the webview needs at most a few frames a second. The first request runs at once,
// later ones within `intervalMs` collapse into one trailing run, so the last state always
// arrives.

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private lastRun = Number.NEGATIVE_INFINITY;
  private pending: unknown;

  constructor(
    private readonly intervalMs: number,
    private readonly action: () => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Runs the action now if it has not run within the interval, otherwise once at the end of it. */
  request(): void {
    if (this.pending !== undefined) return;
    const wait = this.lastRun + this.intervalMs - this.timers.now();
    if (wait <= 0) {
      this.run();
    } else {
      this.pending = this.timers.setTimeout(() => {
        this.pending = undefined;
        this.run();
      }, wait);
    }
  }

  /** Runs the action now (an important change: epoch end, results), dropping a pending run. */
  flush(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    this.pending = undefined;
  }

  private run(): void {
    this.lastRun = this.timers.now();
    this.action();
  }
}
