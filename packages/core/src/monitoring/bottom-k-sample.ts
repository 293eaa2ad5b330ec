/**
 * A deterministic, mergeable sample of at most `capacity` numbers (a bottom-k sample).
 *
 * Every value comes with a 32-bit key, a stable hash of what identifies it (the event id and the
 * feature name: `sampleKey`). The sample keeps the `capacity` values with the smallest keys, ties
 * broken by the smaller value. Which values are kept depends only on the multiset of (key, value)
 * pairs added, never on their order or on how they were split into states, so
 * merge(a, b) (the k smallest of the union) gives exactly the sample of one pass over all values.
 * For keys that behave like independent uniform draws, the kept values are a uniform random
 * sample without replacement of the values added: what KS and Wasserstein compare with the
 * reference sample.
 *
 * Storage grows with the values kept (up to `capacity`), so small windows stay small.
 */
export interface BottomKSampleJSON {
  readonly capacity: number;
  /** Ascending by (key, value); parallel to `values`. */
  readonly keys: readonly number[];
  readonly values: readonly number[];
}

const FNV_OFFSET = 0x811c9dc5;

/** 32-bit FNV-1a over the UTF-16 code units of `text`, continuing from `seed`. */
export function fnv1a32(text: string, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The sample key of a value from its id's and its name's FNV-1a hashes (hash each once, combine per value). */
export function combineKey(idHash: number, nameHash: number): number {
  return fmix32((idHash + Math.imul(nameHash, 0x9e3779b1)) | 0);
}

/** The sample key of the value of feature `name` in the event `id`: combineKey(fnv1a32(id), fnv1a32(name)). */
export function sampleKey(id: string, name: string): number {
  return combineKey(fnv1a32(id), fnv1a32(name));
}

const INITIAL_SLOTS = 16;

export class BottomKSample {
  readonly capacity: number;
  /** A max-heap by (key, value) over the first `n` slots: the root is the first to go. */
  private keys: Float64Array;
  private vals: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`sample capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.keys = new Float64Array(slots);
    this.vals = new Float64Array(slots);
  }

  /** Values held (at most capacity). */
  get size(): number {
    return this.n;
  }

  /**
   * Offers `value` with its `key` (an unsigned 32-bit integer, see `sampleKey`). Non-finite values
   * are refused: they have no place in a KS or Wasserstein sample.
   */
  add(value: number, key: number): void {
    if (!Number.isFinite(value)) throw new RangeError(`a sampled value must be finite, got ${value}`);
    if (!(key >= 0 && key <= 0xffffffff) || key !== Math.floor(key)) throw new RangeError(`a sample key must be an unsigned 32-bit integer, got ${key}`);
    value += 0; // -0 becomes 0, as JSON would make it
    const n = this.n;
    if (n < this.capacity) {
      if (n === this.keys.length) this.grow();
      this.siftUp(n, key, value);
      this.n = n + 1;
      return;
    }
    // Full: the new pair enters only if it is below the largest kept pair.
    const rk = this.keys[0] as number;
    if (key > rk || (key === rk && value >= (this.vals[0] as number))) return;
    this.siftDown(0, key, value);
  }

  /** The kept values, in (key, value) order: a copy. */
  values(): Float64Array {
    return Float64Array.from(this.sortedIndices(), (i) => this.vals[i] as number);
  }

  /** The kept values in ascending order: a copy. */
  sortedValues(): Float64Array {
    return this.vals.slice(0, this.n).sort();
  }

  /** The sample of both inputs' values: the `capacity` smallest pairs of the union. Neither input changes. */
  static merge(a: BottomKSample, b: BottomKSample): BottomKSample {
    if (a.capacity !== b.capacity) throw new RangeError(`cannot merge samples of capacities ${a.capacity} and ${b.capacity}`);
    const pairs: [number, number][] = [];
    for (const s of [a, b]) for (let i = 0; i < s.n; i++) pairs.push([s.keys[i] as number, s.vals[i] as number]);
    pairs.sort(comparePairs);
    return BottomKSample.fromSortedPairs(a.capacity, pairs.length > a.capacity ? pairs.slice(0, a.capacity) : pairs);
  }

  copy(): BottomKSample {
    const out = new BottomKSample(this.capacity);
    out.keys = this.keys.slice();
    out.vals = this.vals.slice();
    out.n = this.n;
    return out;
  }

  toJSON(): BottomKSampleJSON {
    const order = this.sortedIndices();
    return {
      capacity: this.capacity,
      keys: order.map((i) => this.keys[i] as number),
      values: order.map((i) => this.vals[i] as number),
    };
  }

  static fromJSON(json: unknown): BottomKSample {
    const j = json as Partial<BottomKSampleJSON> | null;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.keys) || !Array.isArray(j.values)) {
      throw new RangeError('a bottom-k sample must be { capacity, keys, values }');
    }
    const capacity = j.capacity as number;
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`sample capacity must be a positive integer, got ${String(capacity)}`);
    if (j.keys.length !== j.values.length || j.keys.length > capacity) throw new RangeError('sample keys and values must be parallel arrays of at most capacity entries');
    const pairs: [number, number][] = [];
    for (let i = 0; i < j.keys.length; i++) {
      const k = j.keys[i];
      const v = j.values[i];
      if (typeof k !== 'number' || !(k >= 0 && k <= 0xffffffff) || k !== Math.floor(k)) throw new RangeError(`sample key ${i} must be an unsigned 32-bit integer`);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`sample value ${i} must be a finite number`);
      pairs.push([k, v]);
    }
    pairs.sort(comparePairs);
    return BottomKSample.fromSortedPairs(capacity, pairs);
  }

  /** Pairs ascending by (key, value): stored descending, which is a valid max-heap. */
  private static fromSortedPairs(capacity: number, pairs: readonly (readonly [number, number])[]): BottomKSample {
    const out = new BottomKSample(capacity);
    const slots = Math.max(out.keys.length, pairs.length);
    out.keys = new Float64Array(slots);
    out.vals = new Float64Array(slots);
    const n = pairs.length;
    for (let i = 0; i < n; i++) {
      const [k, v] = pairs[n - 1 - i] as readonly [number, number];
      out.keys[i] = k;
      out.vals[i] = v;
    }
    out.n = n;
    return out;
  }

  private sortedIndices(): number[] {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    const k = this.keys;
    const v = this.vals;
    return idx.sort((x, y) => (k[x] as number) - (k[y] as number) || (v[x] as number) - (v[y] as number));
  }

  private grow(): void {
    const slots = Math.min(this.capacity, this.keys.length * 2);
    const keys = new Float64Array(slots);
    const vals = new Float64Array(slots);
    keys.set(this.keys);
    vals.set(this.vals);
    this.keys = keys;
    this.vals = vals;
  }

  /** Places (key, value) at slot `i` (a new leaf) and moves it up while its parent is smaller. */
  private siftUp(i: number, key: number, value: number): void {
    const k = this.keys;
    const v = this.vals;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = k[p] as number;
      if (pk > key || (pk === key && (v[p] as number) >= value)) break;
      k[i] = pk;
      v[i] = v[p] as number;
      i = p;
    }
    k[i] = key;
    v[i] = value;
  }

  /** Replaces slot `i` by (key, value) and moves it down below its larger children. */
  private siftDown(i: number, key: number, value: number): void {
    const k = this.keys;
    const v = this.vals;
    const n = this.n;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && ((k[r] as number) > (k[c] as number) || ((k[r] as number) === (k[c] as number) && (v[r] as number) > (v[c] as number)))) c = r;
      const ck = k[c] as number;
      if (ck < key || (ck === key && (v[c] as number) <= value)) break;
      k[i] = ck;
      v[i] = v[c] as number;
      i = c;
    }
    k[i] = key;
    v[i] = value;
  }
}

function comparePairs(x: readonly [number, number], y: readonly [number, number]): number {
  return x[0] - y[0] || x[1] - y[1];
}
