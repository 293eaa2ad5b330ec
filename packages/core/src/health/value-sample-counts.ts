import { HealthInputError, requireArray, requireCount, requireObject } from './health-input-error.ts';

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface ValueSampleCountsJSON {
  readonly capacity: number;
  /** Every occurrence added, tracked or not. */
  readonly total: number;
  /** True once more than `capacity` distinct values were seen. */
  readonly truncated: boolean;
  /** [value, count] of the tracked values, in code-unit order of value. */
  readonly values: ReadonlyArray<readonly [string, number]>;
}

/**
 * Exact counts of string values, at most `capacity` distinct values tracked.
 *
 * Eviction rule (bottom-k by hash): when more than `capacity` distinct values occur, the tracked
 * ones are the `capacity` values with the smallest 32-bit hash (ties by code-unit order); the
 * others are dropped and never come back. A tracked value was kept from its first occurrence, so
 * its count is exact; the tracked set is a uniform sample of the distinct values that depends only
 * on which values occurred, so merging states gives exactly the state of one pass over all values,
 * in any order or split (unlike Space-Saving or Misra–Gries, whose merges only bound the error).
 *
 * The price: while the distinct values fit (`truncated` false) everything is exact, including the
 * top values; past that, `top(k)` ranks only the sampled values, so a frequent value is missed
 * with probability 1 − capacity / distinct, and `distinctCount` is the k-minimum-values estimate.
 */
export class ValueSampleCounts {
  readonly capacity: number;
  private readonly counts = new Map<string, number>();
  private readonly hashes = new Map<string, number>();
  private all = 0;
  private over = false;
  /** The tracked value with the largest (hash, value) once full; undefined when unknown. */
  private largest: string | undefined;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new HealthInputError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Occurrences added, tracked or not. */
  get total(): number {
    return this.all;
  }

  /** True once more than `capacity` distinct values were seen: counts of dropped values are lost. */
  get truncated(): boolean {
    return this.over;
  }

  /** Number of tracked values. */
  get size(): number {
    return this.counts.size;
  }

  /** The exact count of a tracked value; undefined for a value not tracked. */
  get(value: string): number | undefined {
    return this.counts.get(value);
  }

  add(value: string, count = 1): void {
    this.all += count;
    const known = this.counts.get(value);
    if (known !== undefined) {
      this.counts.set(value, known + count);
      return;
    }
    const hash = valueHash(value);
    if (this.counts.size >= this.capacity) {
      this.over = true;
      const largest = this.largestTracked();
      if (compare(hash, value, this.hashes.get(largest) as number, largest) > 0) return;
      this.counts.delete(largest);
      this.hashes.delete(largest);
      this.largest = undefined;
    }
    this.counts.set(value, count);
    this.hashes.set(value, hash);
  }

  private largestTracked(): string {
    if (this.largest === undefined) {
      let best: string | undefined;
      let bestHash = 0;
      for (const [v, h] of this.hashes) {
        if (best === undefined || compare(h, v, bestHash, best) > 0) {
          best = v;
          bestHash = h;
        }
      }
      this.largest = best;
    }
    return this.largest as string;
  }

  /** A new state over both inputs' values; neither changes. Capacities must match. */
  static merge(a: ValueSampleCounts, b: ValueSampleCounts): ValueSampleCounts {
    if (a.capacity !== b.capacity) throw new HealthInputError(`cannot merge value counts with capacities ${a.capacity} and ${b.capacity}`);
    const out = new ValueSampleCounts(a.capacity);
    const sum = new Map(a.counts);
    for (const [v, c] of b.counts) sum.set(v, (sum.get(v) ?? 0) + c);
    const keyed = [...sum.entries()].map(([v, c]) => ({ v, c, h: a.hashes.get(v) ?? b.hashes.get(v) ?? valueHash(v) }));
    keyed.sort((x, y) => compare(x.h, x.v, y.h, y.v));
    for (const { v, c, h } of keyed.slice(0, out.capacity)) {
      out.counts.set(v, c);
      out.hashes.set(v, h);
    }
    out.all = a.all + b.all;
    out.over = a.over || b.over || keyed.length > out.capacity;
    return out;
  }

  /** The k most frequent tracked values, by count then code-unit order of value. */
  top(k: number): ValueCount[] {
    return [...this.counts.entries()]
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .slice(0, Math.max(0, k))
      .map(([value, count]) => ({ value, count }));
  }

  /** Every tracked value with its count, in code-unit order of value. */
  entries(): ValueCount[] {
    return [...this.counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([value, count]) => ({ value, count }));
  }

  /**
   * Distinct values seen: exact while not truncated, else the k-minimum-values estimate
   * (k − 1) / u, with u the largest tracked hash scaled to (0, 1] (relative standard error about
   * 1 / sqrt(k − 2)).
   */
  distinctCount(): number {
    if (!this.over) return this.counts.size;
    const u = ((this.hashes.get(this.largestTracked()) as number) + 1) / 2 ** 32;
    return Math.max(this.counts.size, Math.round((this.capacity - 1) / u));
  }

  toJSON(): ValueSampleCountsJSON {
    return { capacity: this.capacity, total: this.all, truncated: this.over, values: this.entries().map(({ value, count }) => [value, count] as const) };
  }

  static fromJSON(json: unknown, what = 'value counts'): ValueSampleCounts {
    const j = requireObject(json, what);
    const out = new ValueSampleCounts(requireCount(j['capacity'], `${what}.capacity`));
    out.all = requireCount(j['total'], `${what}.total`);
    if (typeof j['truncated'] !== 'boolean') throw new HealthInputError(`${what}.truncated must be a boolean`);
    out.over = j['truncated'];
    let tracked = 0;
    for (const entry of requireArray(j['values'], `${what}.values`)) {
      const pair = requireArray(entry, `an entry of ${what}`);
      const value = pair[0];
      const count = requireCount(pair[1], `a count of ${what}`);
      if (pair.length !== 2 || typeof value !== 'string' || count === 0 || out.counts.has(value)) {
        throw new HealthInputError(`${what}.values must hold distinct [string, positive count] pairs`);
      }
      out.counts.set(value, count);
      out.hashes.set(value, valueHash(value));
      tracked += count;
    }
    if (out.counts.size > out.capacity) throw new HealthInputError(`${what} tracks more than its capacity`);
    if (tracked > out.all || (!out.over && tracked !== out.all)) throw new HealthInputError(`${what}.total does not match the tracked counts`);
    return out;
  }
}

function compare(ha: number, va: string, hb: number, vb: string): number {
  return ha - hb || (va < vb ? -1 : va > vb ? 1 : 0);
}

/** FNV-1a over UTF-16 code units, then MurmurHash3's 32-bit finaliser: a fixed, portable hash. */
export function valueHash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
