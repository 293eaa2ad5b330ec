import { DriftInputError } from '../../drift/drift-input-error.ts';
import { numericBinIndex } from '../../drift/numeric-profile.ts';
import type { AlignedBins } from './aligned-bins.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { readHeader, writeHeader } from './sketch-header.ts';

export interface LogBucketSketchOptions {
  /** Relative accuracy alpha in (0, 1): a bucket holds magnitudes within a factor (1 + alpha) / (1 - alpha). Default 0.01. */
  readonly relativeAccuracy?: number;
  /** Most buckets kept per sign (default 2048: with alpha 0.01, magnitudes over 17 orders below the largest). */
  readonly maxBuckets?: number;
}

export const DEFAULT_LOG_RELATIVE_ACCURACY = 0.01;
export const DEFAULT_LOG_MAX_BUCKETS = 2048;
const MAX_COUNT = 0xffffffff;
const MAX_BUCKETS_LIMIT = 1 << 16;
const FORMAT_VERSION = 1;
const WHAT = 'a log-bucket sketch';

/**
 * A numeric feature's values in logarithmic buckets that depend on no reference (DDSketch,
 * Masson, Rim and Lee, VLDB 2019, with signs, as health/latency-sketch.ts is for latencies):
 * any two sketches of the same settings compare, whatever references exist or come later.
 *
 * - gamma = (1 + alpha) / (1 - alpha); a value x != 0 goes to bucket i = ceil(log_gamma |x|) of its
 *   sign, which holds magnitudes in (gamma^(i-1), gamma^i]. Exact zeros (and -0), negative values
 *   and missing values (null, undefined, NaN) are counted exactly, apart.
 * - Collapsing rule (bounded size): per sign only indices in [max - maxBuckets + 1, max] are kept;
 *   lower magnitudes go to the lowest kept bucket, which then holds (0, gamma^floor]. The rule
 *   depends only on the largest index, so merging is exact, associative and commutative: a merged
 *   sketch equals one pass over all values, bit for bit (as long as Math.log gives the same
 *   results, that is within one JavaScript engine).
 *
 * Storage: one Uint32Array per sign over the occupied index span (at most maxBuckets). The
 * accuracy is relative to |x|: a feature whose spread is small against its distance from 0
 * (a year, a latitude, a temperature in kelvin) falls in a few buckets, and KS and Wasserstein
 * bounds from it are then wide. See README.md for the measured comparison with NumericBinSketch.
 */
export class LogBucketSketch {
  readonly relativeAccuracy: number;
  readonly maxBuckets: number;
  private readonly gamma: number;
  private readonly lnGamma: number;
  private readonly positive: BucketStore;
  private readonly negative: BucketStore;
  private zeros = 0;
  private missingCount = 0;

  constructor(options: LogBucketSketchOptions = {}) {
    const { relativeAccuracy = DEFAULT_LOG_RELATIVE_ACCURACY, maxBuckets = DEFAULT_LOG_MAX_BUCKETS } = options;
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) throw new DriftInputError(`relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
    if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1 || maxBuckets > MAX_BUCKETS_LIMIT) {
      throw new DriftInputError(`maxBuckets must be an integer in [1, ${MAX_BUCKETS_LIMIT}], got ${maxBuckets}`);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.maxBuckets = maxBuckets;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(this.gamma);
    this.positive = new BucketStore(maxBuckets);
    this.negative = new BucketStore(maxBuckets);
  }

  static of(values: Iterable<number | null | undefined>, options: LogBucketSketchOptions = {}): LogBucketSketch {
    const out = new LogBucketSketch(options);
    for (const v of values) out.add(v);
    return out;
  }

  /** Counts a value: null, undefined and NaN as missing; ±Infinity is refused. */
  add(value: number | null | undefined): void {
    if (value === null || value === undefined || value !== value) {
      this.addMissing();
      return;
    }
    if (value === 0) {
      if (this.zeros === MAX_COUNT) throw overflow();
      this.zeros++;
      return;
    }
    if (!Number.isFinite(value)) throw new RangeError(`a numeric sketch counts finite values; ${value} is neither a value nor missing`);
    if (value > 0) this.positive.add(Math.ceil(Math.log(value) / this.lnGamma), 1);
    else this.negative.add(Math.ceil(Math.log(-value) / this.lnGamma), 1);
  }

  addMissing(count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (this.missingCount + count > MAX_COUNT) throw overflow();
    this.missingCount += count;
  }

  /** Values counted (not missing). */
  get count(): number {
    return this.zeros + this.positive.total + this.negative.total;
  }

  get missing(): number {
    return this.missingCount;
  }

  get zeroCount(): number {
    return this.zeros;
  }

  get negativeCount(): number {
    return this.negative.total;
  }

  /** The bucket of a non-zero magnitude, before collapsing. */
  indexOf(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) / this.lnGamma);
  }

  /** The upper bound gamma^i of bucket i's magnitudes. */
  boundOf(index: number): number {
    return Math.exp(index * this.lnGamma);
  }

  merge(other: LogBucketSketch): this {
    this.checkSettings(other, 'merge');
    if (this.zeros + other.zeros > MAX_COUNT || this.missingCount + other.missingCount > MAX_COUNT) throw overflow();
    this.positive.mergeIn(other.positive);
    this.negative.mergeIn(other.negative);
    this.zeros += other.zeros;
    this.missingCount += other.missingCount;
    return this;
  }

  copy(): LogBucketSketch {
    return new LogBucketSketch(this).merge(this);
  }

  equals(other: LogBucketSketch): boolean {
    return (
      other.relativeAccuracy === this.relativeAccuracy &&
      other.maxBuckets === this.maxBuckets &&
      other.zeros === this.zeros &&
      other.missingCount === this.missingCount &&
      this.positive.equals(other.positive) &&
      this.negative.equals(other.negative)
    );
  }

  /** Header, alpha (float64), maxBuckets, zeros, missing, then per sign its lowest index and its counts. */
  encode(): Uint8Array {
    const w = new ByteWriter(32 + 2 * (this.positive.span + this.negative.span));
    writeHeader(w, 'log-buckets', FORMAT_VERSION);
    w.float64(this.relativeAccuracy).varint(this.maxBuckets).varint(this.zeros).varint(this.missingCount);
    this.positive.encode(w);
    this.negative.encode(w);
    return w.finish();
  }

  static decode(bytes: Uint8Array): LogBucketSketch {
    const r = new ByteReader(bytes, WHAT);
    readHeader(r, 'log-buckets', [FORMAT_VERSION]);
    const alpha = r.float64();
    if (!(alpha > 0 && alpha < 1)) r.fail(`relativeAccuracy is ${alpha}, not in (0, 1)`);
    const maxBuckets = r.varint('maxBuckets', MAX_BUCKETS_LIMIT);
    if (maxBuckets < 1) r.fail('maxBuckets is 0');
    const out = new LogBucketSketch({ relativeAccuracy: alpha, maxBuckets });
    out.zeros = r.varint('the zero count', MAX_COUNT);
    out.missingCount = r.varint('the missing count', MAX_COUNT);
    out.positive.decode(r, 'the positive buckets');
    out.negative.decode(r, 'the negative buckets');
    r.end();
    return out;
  }

  /**
   * This sketch (first) and another of the same settings (second) in common bins, in increasing
   * order: the negative buckets, the zeros ([0, 0]), the positive buckets. Per sign the buckets
   * below the higher of the two sides' floors are lumped into it, and the innermost bucket reaches
   * 0, so the bins are contiguous. Means are unknown inside a bucket (the bins' own bounds).
   */
  alignWith(other: LogBucketSketch): AlignedBins {
    this.checkSettings(other, 'compare');
    const neg = alignedRange(this.negative, other.negative);
    const pos = alignedRange(this.positive, other.positive);
    const k = (neg === null ? 0 : neg.max - neg.min + 1) + 1 + (pos === null ? 0 : pos.max - pos.min + 1);
    const lower = new Float64Array(k);
    const upper = new Float64Array(k);
    const c1 = new Float64Array(k);
    const c2 = new Float64Array(k);
    let at = 0;
    if (neg !== null) {
      for (let i = neg.max; i >= neg.min; i--, at++) {
        lower[at] = -this.boundOf(i);
        upper[at] = i === neg.min ? 0 : -this.boundOf(i - 1);
        c1[at] = this.negative.countAt(i, neg.min);
        c2[at] = other.negative.countAt(i, neg.min);
      }
    }
    c1[at] = this.zeros;
    c2[at] = other.zeros;
    at++;
    if (pos !== null) {
      for (let i = pos.min; i <= pos.max; i++, at++) {
        lower[at] = i === pos.min ? 0 : this.boundOf(i - 1);
        upper[at] = this.boundOf(i);
        c1[at] = this.positive.countAt(i, pos.min);
        c2[at] = other.positive.countAt(i, pos.min);
      }
    }
    // Unknown means: each bin's own bounds; the zero bin is a point mass at 0.
    return { lower, upper, first: { counts: c1, meanLow: lower, meanHigh: upper }, second: { counts: c2, meanLow: lower, meanHigh: upper } };
  }

  /**
   * Counts in arbitrary bins (a reference profile's edges, same rule as drift/bin-profile.ts):
   * buckets inside a bin count whole; a bucket that straddles an edge is split in proportion to
   * its length on each side (values assumed uniform in it). `uncertain` is the mass of the split
   * buckets: each count is off by at most that much. Zeros and values on either side of 0 are exact.
   */
  countsIn(edges: readonly number[]): { readonly counts: number[]; readonly uncertain: number } {
    const bins = this.alignWith(this);
    const k = Math.max(edges.length - 1, 1) + 2;
    const counts = new Array<number>(k).fill(0);
    let uncertain = 0;
    for (let j = 0; j < bins.lower.length; j++) {
      const c = bins.first.counts[j] as number;
      if (c === 0) continue;
      const lo = bins.lower[j] as number;
      const hi = bins.upper[j] as number;
      if (lo === hi) {
        const b = numericBinIndex(edges, lo);
        counts[b] = (counts[b] as number) + c;
        continue;
      }
      const from = numericBinIndex(edges, lo);
      const to = numericBinIndex(edges, hi);
      if (from === to) {
        counts[from] = (counts[from] as number) + c;
        continue;
      }
      uncertain += c;
      for (let b = from; b <= to; b++) {
        const left = b === 0 ? lo : Math.max(lo, edges[b - 1] as number);
        const right = b === k - 1 ? hi : Math.min(hi, edges[Math.min(b, edges.length - 1)] as number);
        counts[b] = (counts[b] as number) + (c * Math.max(0, right - left)) / (hi - lo);
      }
    }
    return { counts, uncertain };
  }

  private checkSettings(other: LogBucketSketch, verb: string): void {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.maxBuckets !== this.maxBuckets) {
      throw new DriftInputError(
        `cannot ${verb} log-bucket sketches with different settings (relativeAccuracy ${this.relativeAccuracy} vs ${other.relativeAccuracy}, maxBuckets ${this.maxBuckets} vs ${other.maxBuckets})`,
      );
    }
  }
}

/** The index range both stores are compared on, or null when both are empty. */
function alignedRange(a: BucketStore, b: BucketStore): { min: number; max: number } | null {
  if (a.total === 0 && b.total === 0) return null;
  const max = Math.max(a.total > 0 ? a.maxIndex : -Infinity, b.total > 0 ? b.maxIndex : -Infinity);
  const floor = Math.max(a.total > 0 ? a.floor : -Infinity, b.total > 0 ? b.floor : -Infinity);
  const min = Math.max(floor, Math.min(a.total > 0 ? a.minIndex : Infinity, b.total > 0 ? b.minIndex : Infinity));
  return { min, max };
}

/** The buckets of one sign: a dense Uint32Array over the occupied index span, collapsing lowest. */
class BucketStore {
  private counts = new Uint32Array(0);
  /** Index of counts[0]. */
  private offset = 0;
  minIndex = 0;
  maxIndex = 0;
  total = 0;

  constructor(private readonly maxBuckets: number) {}

  /** The lowest index kept: max - maxBuckets + 1. */
  get floor(): number {
    return this.maxIndex - this.maxBuckets + 1;
  }

  get span(): number {
    return this.total === 0 ? 0 : this.maxIndex - this.minIndex + 1;
  }

  add(index: number, count: number): void {
    if (this.total === 0) {
      this.minIndex = this.maxIndex = index;
    } else if (index > this.maxIndex) {
      this.maxIndex = index;
      this.collapseBelow(this.floor);
    }
    const target = index < this.floor ? this.floor : index;
    if (target < this.minIndex) this.minIndex = target;
    this.ensure(this.minIndex, this.maxIndex);
    const slot = target - this.offset;
    const next = (this.counts[slot] as number) + count;
    if (next > MAX_COUNT || this.total + count > MAX_COUNT) throw overflow();
    this.counts[slot] = next;
    this.total += count;
  }

  countAt(index: number, lumpBelow: number): number {
    if (this.total === 0) return 0;
    if (index === lumpBelow) {
      let sum = 0;
      for (let i = this.minIndex; i <= Math.min(index, this.maxIndex); i++) sum += this.counts[i - this.offset] as number;
      return sum;
    }
    if (index < this.minIndex || index > this.maxIndex) return 0;
    return this.counts[index - this.offset] as number;
  }

  mergeIn(other: BucketStore): void {
    if (other.total === 0) return;
    if (this.total + other.total > MAX_COUNT) throw overflow();
    if (this.total > 0 && other.maxIndex > this.maxIndex) {
      this.maxIndex = other.maxIndex;
      this.collapseBelow(this.floor);
    }
    for (let i = other.minIndex; i <= other.maxIndex; i++) {
      const c = other.counts[i - other.offset] as number;
      if (c > 0) this.add(i, c);
    }
  }

  equals(other: BucketStore): boolean {
    if (other.total !== this.total) return false;
    if (this.total === 0) return true;
    if (other.minIndex !== this.minIndex || other.maxIndex !== this.maxIndex) return false;
    for (let i = this.minIndex; i <= this.maxIndex; i++) if (other.counts[i - other.offset] !== this.counts[i - this.offset]) return false;
    return true;
  }

  encode(w: ByteWriter): void {
    w.varint(this.span);
    if (this.total === 0) return;
    w.zigzag(this.minIndex);
    for (let i = this.minIndex; i <= this.maxIndex; i++) w.varint(this.counts[i - this.offset] as number);
  }

  decode(r: ByteReader, what: string): void {
    const span = r.varint(`the span of ${what}`, this.maxBuckets);
    if (span === 0) return;
    const min = r.zigzag(`the lowest index of ${what}`);
    if (Math.abs(min) > 2 ** 40) r.fail(`the lowest index of ${what} is out of range`);
    const at = r.offset;
    this.offset = min;
    this.minIndex = min;
    this.maxIndex = min + span - 1;
    this.counts = new Uint32Array(span);
    let total = 0;
    for (let i = 0; i < span; i++) {
      const c = r.varint(`a count of ${what}`, MAX_COUNT);
      this.counts[i] = c;
      total += c;
    }
    if (this.counts[0] === 0 || this.counts[span - 1] === 0) r.fail(`${what} do not start and end with an occupied bucket`, at);
    if (total > MAX_COUNT) r.fail(`${what} hold more than 2^32 - 1 values`, at);
    this.total = total;
  }

  /** Moves every count below `floor` into bucket `floor`. */
  private collapseBelow(floor: number): void {
    if (this.total === 0 || this.minIndex >= floor) return;
    let moved = 0;
    // Every occupied index is held by the array (maxIndex may already be the new, higher one).
    const end = Math.min(floor, this.offset + this.counts.length);
    for (let i = this.minIndex; i < end; i++) {
      moved += this.counts[i - this.offset] as number;
      this.counts[i - this.offset] = 0;
    }
    this.minIndex = floor;
    this.ensure(floor, this.maxIndex);
    this.counts[floor - this.offset] = (this.counts[floor - this.offset] as number) + moved;
  }

  /** Grows or re-centres the array to hold indices lo..hi (hi - lo < maxBuckets). */
  private ensure(lo: number, hi: number): void {
    if (lo >= this.offset && hi < this.offset + this.counts.length) return;
    const need = hi - lo + 1;
    const size = Math.min(this.maxBuckets, Math.max(need, 2 * this.counts.length, 16));
    // Room on both sides: later values may land above or below.
    const offset = lo - Math.floor((size - need) / 2);
    const next = new Uint32Array(size);
    if (this.counts.length > 0) {
      for (let i = Math.max(this.offset, offset); i < Math.min(this.offset + this.counts.length, offset + size); i++) next[i - offset] = this.counts[i - this.offset] as number;
    }
    this.counts = next;
    this.offset = offset;
  }
}

function overflow(): RangeError {
  return new RangeError('a log-bucket sketch holds at most 2^32 - 1 values per sign; split the window');
}
