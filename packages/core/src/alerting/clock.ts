/**
 * Time for the alerting code: routing timers, escalation and flap damping read the clock only
 * through this, so tests run Alertmanager's timelines on a fake clock in milliseconds.
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once after `delayMs`; returns a cancel function. */
  schedule(delayMs: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to; timers due at the same instant run in the order they
 * were set. Timers sit in a binary heap, so a run with 10^5 aggregation groups (the routing
 * benchmark) advances as fast as a test with three.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap: FakeTimer[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, callback: () => void): () => void {
    const timer: FakeTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.heap.push(timer);
    this.siftUp(this.heap.length - 1);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, at its own time. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      const due = this.heap[0];
      if (!due || due.at > targetMs) break;
      this.popTop();
      if (due.cancelled) continue;
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = Math.max(this.current, targetMs);
  }

  /** Timers not yet run or cancelled. */
  pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  private popTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      let smallest = i;
      if (left < this.heap.length && this.before(left, smallest)) smallest = left;
      if (left + 1 < this.heap.length && this.before(left + 1, smallest)) smallest = left + 1;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private siftUp(index: number): void {
    for (let i = index; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }
}
