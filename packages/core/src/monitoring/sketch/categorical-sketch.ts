import type { CategoricalBinProfile } from '../../drift/bin-profile.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { ValueSampleCounts } from '../../health/value-sample-counts.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import type { CategoryLayout } from './category-layout.ts';
import { readHeader, writeHeader } from './sketch-header.ts';

export interface CategoricalSketchOptions {
  /**
   * Distinct "other" values (not in the layout) whose counts are kept, by the smallest hash
   * (ValueSampleCounts' rule, so merges stay exact); the rest are only counted. Default 64; 0
   * counts "other" values without keeping any. With an empty layout (no reference yet) this is
   * what lets the window be scored later against any reference.
   */
  readonly otherCapacity?: number;
}

export const DEFAULT_OTHER_CAPACITY = 64;
/** Longest value kept among the "other" values, in UTF-16 code units; longer ones are only counted. */
export const MAX_KEPT_VALUE_LENGTH = 1024;
const MAX_COUNT = 0xffffffff;
const FORMAT_VERSION = 1;
const WHAT = 'a categorical sketch';

/** Counts in a reference profile's bins, and whether they are exact. */
export interface ProfileCounts {
  /** Per profile category, then the "other" bin: what countCategorical would give over the same values when `exact`. */
  readonly counts: number[];
  readonly missing: number;
  /**
   * False when some profile categories were neither in this sketch's layout nor among its kept
   * "other" values while values were dropped: their counts are then in the "other" bin.
   */
  readonly exact: boolean;
}

/**
 * The values of one categorical feature: a count per category of its layout (Uint32Array), the
 * "other" values (not in the layout) with up to `otherCapacity` of them counted exactly by value,
 * and missing values (null, undefined, a number sent for a categorical feature).
 *
 * Counted against its reference's layout, `profileCounts(profile)` gives exactly today's window
 * counts (countCategorical), so chi-square, PSI, Jensen-Shannon, Hellinger and L-infinity equal
 * today's. Merges are exact, associative and commutative (counts add; the kept "other" values are
 * the bottom-k by hash of the union, ValueSampleCounts' rule); the encoding is canonical.
 */
export class CategoricalSketch {
  readonly layout: CategoryLayout;
  readonly otherCapacity: number;
  private readonly counts: Uint32Array;
  /** Kept "other" values; null until the first one (most windows of a referenced feature have none). */
  private others: ValueSampleCounts | null = null;
  /** "Other" values counted (kept or not). */
  private otherCount = 0;
  /** True once an "other" value was dropped (too many distinct ones, or too long). */
  private dropped = false;
  private missingCount = 0;

  constructor(layout: CategoryLayout, options: CategoricalSketchOptions = {}) {
    const { otherCapacity = DEFAULT_OTHER_CAPACITY } = options;
    if (!Number.isSafeInteger(otherCapacity) || otherCapacity < 0 || otherCapacity > 65_536) throw new DriftInputError(`otherCapacity must be an integer in [0, 65536], got ${otherCapacity}`);
    this.layout = layout;
    this.otherCapacity = otherCapacity;
    this.counts = new Uint32Array(layout.categories.length);
  }

  static of(layout: CategoryLayout, values: Iterable<string | null | undefined>, options: CategoricalSketchOptions = {}): CategoricalSketch {
    const out = new CategoricalSketch(layout, options);
    for (const v of values) out.add(v);
    return out;
  }

  /** Counts a value: null and undefined as missing; the empty string is a category. */
  add(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.addMissing();
      return;
    }
    if (typeof value !== 'string') throw new RangeError(`a categorical sketch counts strings; count a ${typeof value} with addMissing`);
    const i = this.layout.indexOf(value);
    if (i >= 0) {
      if (this.counts[i] === MAX_COUNT) throw overflow();
      this.counts[i] = (this.counts[i] as number) + 1;
      return;
    }
    if (this.otherCount === MAX_COUNT) throw overflow();
    this.otherCount++;
    if (this.otherCapacity === 0 || value.length > MAX_KEPT_VALUE_LENGTH) {
      this.dropped = true;
      return;
    }
    this.others ??= new ValueSampleCounts(this.otherCapacity);
    this.others.add(value);
    if (this.others.truncated) this.dropped = true;
  }

  addMissing(count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (this.missingCount + count > MAX_COUNT) throw overflow();
    this.missingCount += count;
  }

  /** Values counted (not missing). */
  get count(): number {
    let n = this.otherCount;
    for (const c of this.counts) n += c;
    return n;
  }

  get missing(): number {
    return this.missingCount;
  }

  /** Values not in the layout (the "other" bin). */
  get other(): number {
    return this.otherCount;
  }

  /** True once an "other" value was not kept: counts by value of the others are then a sample. */
  get truncated(): boolean {
    return this.dropped;
  }

  /** The kept "other" values with their exact counts, in code-unit order. */
  otherValues(): { value: string; count: number }[] {
    return this.others?.entries() ?? [];
  }

  /** The counts in the layout's bins: per category, then "other" (today's countCategorical against the same profile). */
  binCounts(): number[] {
    return [...this.counts, this.otherCount];
  }

  /**
   * The counts in a profile's bins, also for a profile other than the layout (a window counted
   * before its reference existed, or against another version's): a profile category is resolved
   * from the layout, else from the kept "other" values, else it is 0, which is exact unless values
   * were dropped (then `exact` is false and its count, if any, stays in the "other" bin).
   */
  profileCounts(profile: CategoricalBinProfile): ProfileCounts {
    const counts: number[] = [];
    let assigned = 0;
    let exact = true;
    for (const c of profile.categories) {
      const i = this.layout.indexOf(c);
      let n: number;
      if (i >= 0) n = this.counts[i] as number;
      else {
        const kept = this.others?.get(c);
        n = kept ?? 0;
        if (kept === undefined && this.dropped) exact = false;
      }
      counts.push(n);
      assigned += n;
    }
    counts.push(this.count - assigned);
    return { counts, missing: this.missingCount, exact };
  }

  merge(other: CategoricalSketch): this {
    if (!other.layout.equals(this.layout)) throw new DriftInputError('cannot merge categorical sketches counted against different categories (their references differ)');
    if (other.otherCapacity !== this.otherCapacity) throw new DriftInputError(`cannot merge categorical sketches with otherCapacity ${this.otherCapacity} and ${other.otherCapacity}`);
    if (this.otherCount + other.otherCount > MAX_COUNT || this.missingCount + other.missingCount > MAX_COUNT) throw overflow();
    for (let i = 0; i < this.counts.length; i++) if ((this.counts[i] as number) + (other.counts[i] as number) > MAX_COUNT) throw overflow();
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    if (other.others !== null) this.others = ValueSampleCounts.merge(this.others ?? new ValueSampleCounts(this.otherCapacity), other.others);
    this.otherCount += other.otherCount;
    this.missingCount += other.missingCount;
    this.dropped = this.dropped || other.dropped || (this.others?.truncated ?? false);
    return this;
  }

  copy(): CategoricalSketch {
    return new CategoricalSketch(this.layout, this).merge(this);
  }

  equals(other: CategoricalSketch): boolean {
    if (!other.layout.equals(this.layout) || other.otherCapacity !== this.otherCapacity) return false;
    if (other.otherCount !== this.otherCount || other.missingCount !== this.missingCount || other.dropped !== this.dropped) return false;
    for (let i = 0; i < this.counts.length; i++) if (other.counts[i] !== this.counts[i]) return false;
    const a = this.otherValues();
    const b = other.otherValues();
    return a.length === b.length && a.every((e, i) => e.value === b[i]?.value && e.count === b[i]?.count);
  }

  /**
   * Header, layout fingerprint and category count, missing, every category count, otherCapacity,
   * the "other" count, whether values were dropped, then the kept values (code-unit order) with
   * their counts.
   */
  encode(): Uint8Array {
    const kept = this.otherValues();
    const w = new ByteWriter(16 + 2 * this.counts.length + kept.reduce((s, e) => s + e.value.length + 4, 0));
    writeHeader(w, 'categories', FORMAT_VERSION);
    w.uint32(this.layout.fingerprint).varint(this.counts.length).varint(this.missingCount);
    for (const c of this.counts) w.varint(c);
    w.varint(this.otherCapacity).varint(this.otherCount).byte(this.dropped ? 1 : 0).varint(kept.length);
    for (const { value, count } of kept) w.string(value).varint(count);
    return w.finish();
  }

  static decode(bytes: Uint8Array, layout: CategoryLayout): CategoricalSketch {
    const r = new ByteReader(bytes, WHAT);
    readHeader(r, 'categories', [FORMAT_VERSION]);
    const fingerprint = r.uint32();
    if (fingerprint !== layout.fingerprint) r.fail('it was counted against other categories: decode it with the layout of the reference it was counted against', 3);
    const k = r.varint('the category count');
    if (k !== layout.categories.length) r.fail(`it has ${k} categories; the layout has ${layout.categories.length}`);
    const missing = r.varint('the missing count', MAX_COUNT);
    const counts = new Uint32Array(k);
    for (let i = 0; i < k; i++) counts[i] = r.varint('a category count', MAX_COUNT);
    const capacity = r.varint('otherCapacity', 65_536);
    const out = new CategoricalSketch(layout, { otherCapacity: capacity });
    out.counts.set(counts);
    out.missingCount = missing;
    out.otherCount = r.varint('the other count', MAX_COUNT);
    const flag = r.byte();
    if (flag > 1) r.fail(`the dropped flag is ${flag}, not 0 or 1`);
    out.dropped = flag === 1;
    const n = r.varint('the number of kept values', capacity);
    const values: [string, number][] = [];
    let keptTotal = 0;
    let previous: string | null = null;
    for (let i = 0; i < n; i++) {
      const at = r.offset;
      const value = r.string('a kept value', MAX_KEPT_VALUE_LENGTH);
      const count = r.varint('the count of a kept value', MAX_COUNT);
      if (count === 0) r.fail('a kept value has count 0', at);
      if (previous !== null && !(value > previous)) r.fail('kept values must be distinct and in code-unit order', at);
      if (layout.indexOf(value) >= 0) r.fail(`kept value ${JSON.stringify(value)} is one of the layout's categories`, at);
      previous = value;
      values.push([value, count]);
      keptTotal += count;
    }
    if (keptTotal > out.otherCount || (!out.dropped && keptTotal !== out.otherCount)) r.fail(`the kept values count ${keptTotal}, which does not fit the other count ${out.otherCount}`);
    if (n > 0) {
      try {
        out.others = ValueSampleCounts.fromJSON({ capacity, total: keptTotal, truncated: false, values });
      } catch (error) {
        r.fail((error as Error).message);
      }
    }
    r.end();
    return out;
  }
}

function overflow(): RangeError {
  return new RangeError('a categorical sketch holds at most 2^32 - 1 values per category; split the window');
}
