/** How much an in-memory store of the label join may hold. */
export interface StoreLimits {
  /** At most this many entries; the oldest (by event time) are evicted first. */
  readonly maxEntries: number;
  /**
   * Entries whose event time is more than this behind the newest event time the store has seen
   * are evicted (and such entries are not stored at all). Event time, not wall clock: a replay of
   * last week's stream ages entries the way the live stream did.
   */
  readonly maxAgeMs: number;
}

interface Entry<V> {
  readonly value: V;
  readonly timestampMs: number;
  readonly seq: number;
}

interface HeapItem<K> {
  readonly key: K;
  readonly timestampMs: number;
  readonly seq: number;
}

/**
 * A map bounded by entry count and event-time age, evicting the oldest event time first
 * (ties: the first stored). A binary heap orders entries by event time; entries deleted or
 * replaced leave stale heap items that are skipped when popped, and the heap is rebuilt when
 * stale items outnumber live ones, so memory stays proportional to `maxEntries`.
 */
export class EventTimeStore<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private heap: HeapItem<K>[] = [];
  private newestMs = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;
  private evictedCount = 0;

  constructor(
    readonly limits: StoreLimits,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(limits.maxEntries >= 1) || !(limits.maxAgeMs >= 0)) throw new Error(`store limits need maxEntries >= 1 and maxAgeMs >= 0, not ${JSON.stringify(limits)}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries dropped for age or count (including entries too old to be stored at all). */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Heap items held, live or stale: exposed so tests can check memory stays bounded. */
  get heapSize(): number {
    return this.heap.length;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  values(): IterableIterator<V> {
    const it = this.entries.values();
    return (function* () {
      for (const e of it) yield e.value;
    })();
  }

  /**
   * Stores (or replaces) the entry. Returns false when its event time is already older than the
   * store's age limit: it is then not stored.
   */
  set(key: K, value: V, timestampMs: number): boolean {
    if (timestampMs > this.newestMs) this.newestMs = timestampMs;
    if (timestampMs < this.newestMs - this.limits.maxAgeMs) {
      this.evictedCount++;
      this.onEvict?.(key, value);
      return false;
    }
    const seq = this.nextSeq++;
    this.entries.set(key, { value, timestampMs, seq });
    this.push({ key, timestampMs, seq });
    this.evict();
    return true;
  }

  delete(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.compactIfStale();
    return entry.value;
  }

  private evict(): void {
    const cutoff = this.newestMs - this.limits.maxAgeMs;
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) break;
      const live = this.entries.get(top.key);
      const stale = live === undefined || live.seq !== top.seq;
      if (!stale && top.timestampMs >= cutoff && this.entries.size <= this.limits.maxEntries) break;
      this.pop();
      if (stale || live === undefined) continue;
      this.entries.delete(top.key);
      this.evictedCount++;
      this.onEvict?.(top.key, live.value);
    }
    this.compactIfStale();
  }

  private compactIfStale(): void {
    if (this.heap.length <= 2 * this.entries.size + 64) return;
    this.heap = [...this.entries].map(([key, e]) => ({ key, timestampMs: e.timestampMs, seq: e.seq }));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private less(a: HeapItem<K>, b: HeapItem<K>): boolean {
    return a.timestampMs < b.timestampMs || (a.timestampMs === b.timestampMs && a.seq < b.seq);
  }

  private push(item: HeapItem<K>): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    this.down(0);
  }

  private down(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && this.less(heap[l]!, heap[smallest]!)) smallest = l;
      if (r < heap.length && this.less(heap[r]!, heap[smallest]!)) smallest = r;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
