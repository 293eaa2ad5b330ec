import { BufferFullError, DeliveryError, ModelwatchError } from './sdk-errors.ts';

/**
 * What a batch send reports: nothing when every item went out, or one entry per item (null
 * for an item that went out, the error for one that was refused alone, such as an event
 * that could not be encoded). A send that throws fails every item of the batch.
 */
export type BatchOutcome = readonly (Error | null)[] | void;

export interface EventBatcherOptions<T> {
  /** A batch is sent as soon as this many items wait. */
  readonly maxEvents: number;
  /** ...or when its oldest item has waited this long. */
  readonly lingerMs: number;
  /** add() refuses items (BufferFullError) while this many are queued or in flight. */
  readonly maxBufferedEvents: number;
  readonly send: (items: T[]) => Promise<BatchOutcome>;
  /** Called once per failed batch (or failed item), whether or not anyone awaits the items. */
  readonly onError?: (error: Error, items: readonly T[]) => void;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly item: T;
  readonly at: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Accumulates items and sends them in batches, one batch at a time so items leave in the
 * order they came. kafkajs has no linger of its own: this is it.
 */
export class EventBatcher<T> {
  private readonly options: EventBatcherOptions<T>;
  private readonly now: () => number;
  private queue: Entry<T>[] = [];
  private inFlight: Promise<void> | null = null;
  private inFlightCount = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing = 0;
  private added = 0;
  private settled = 0;
  private waiters: { readonly upTo: number; readonly wake: () => void }[] = [];
  private failures: Error[] = [];
  private failedItems = 0;

  constructor(options: EventBatcherOptions<T>) {
    if (!Number.isInteger(options.maxEvents) || options.maxEvents < 1) throw new RangeError('batch.maxEvents must be an integer of at least 1');
    if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) throw new RangeError('batch.lingerMs must be a number of at least 0');
    if (!Number.isInteger(options.maxBufferedEvents) || options.maxBufferedEvents < options.maxEvents) {
      throw new RangeError('maxBufferedEvents must be an integer of at least batch.maxEvents');
    }
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Items queued or in flight. */
  get pending(): number {
    return this.queue.length + this.inFlightCount;
  }

  /**
   * Queues an item. The promise settles when its batch was acknowledged or failed; it has a
   * handler attached already, so a caller that ignores it does not get an unhandled rejection.
   */
  add(item: T): Promise<void> {
    if (this.pending >= this.options.maxBufferedEvents) throw new BufferFullError(this.options.maxBufferedEvents);
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    this.queue.push({ item, at: this.now(), resolve, reject });
    this.added += 1;
    this.pump();
    return promise;
  }

  /**
   * Sends whatever waits, without lingering, and resolves when every item added before the
   * call is settled. Rejects if any batch failed since the previous flush(): with that error,
   * or with a DeliveryError that counts them when there were several.
   */
  async flush(): Promise<void> {
    const upTo = this.added;
    this.flushing += 1;
    try {
      this.pump();
      if (this.settled < upTo) await new Promise<void>((wake) => this.waiters.push({ upTo, wake }));
    } finally {
      this.flushing -= 1;
    }
    const failures = this.failures;
    const failedItems = this.failedItems;
    this.failures = [];
    this.failedItems = 0;
    const first = failures[0];
    if (!first) return;
    if (failures.length === 1) throw first;
    throw new DeliveryError(`${failures.length} sends failed (${failedItems} events); the first: ${first.message}`, {
      retriable: failures.every((f) => f instanceof ModelwatchError && f.retriable),
      events: failedItems,
      cause: first,
    });
  }

  /** Stops the linger timer; queued items stay queued until flush(). */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    const oldest = this.queue[0];
    if (this.inFlight || !oldest) return;
    const waited = this.now() - oldest.at;
    if (this.queue.length >= this.options.maxEvents || this.flushing > 0 || waited >= this.options.lingerMs) {
      this.stopTimer();
      const batch = this.queue.splice(0, this.options.maxEvents);
      this.inFlightCount = batch.length;
      this.inFlight = this.sendBatch(batch).finally(() => {
        this.inFlight = null;
        this.inFlightCount = 0;
        this.pump();
      });
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, this.options.lingerMs - waited);
    }
  }

  private async sendBatch(batch: Entry<T>[]): Promise<void> {
    const items = batch.map((entry) => entry.item);
    let outcome: BatchOutcome;
    try {
      outcome = await this.options.send(items);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.fail(error, items);
      for (const entry of batch) entry.reject(error);
      this.settle(batch.length);
      return;
    }
    batch.forEach((entry, index) => {
      const error = outcome ? outcome[index] : null;
      if (error) {
        this.fail(error, [entry.item]);
        entry.reject(error);
      } else {
        entry.resolve();
      }
    });
    this.settle(batch.length);
  }

  private fail(error: Error, items: readonly T[]): void {
    this.failures.push(error);
    this.failedItems += items.length;
    try {
      this.options.onError?.(error, items);
    } catch {
      // A failing error handler must not stop the batcher.
    }
  }

  private settle(count: number): void {
    this.settled += count;
    const ready = this.waiters.filter((w) => w.upTo <= this.settled);
    this.waiters = this.waiters.filter((w) => w.upTo > this.settled);
    for (const waiter of ready) waiter.wake();
  }
}
