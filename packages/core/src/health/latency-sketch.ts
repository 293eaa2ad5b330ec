import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { HealthInputError, requireArray, requireCount, requireObject } from './health-input-error.ts';

export interface LatencySketchOptions {
  /** Relative accuracy alpha in (0, 1): every quantile is within alpha·x of the true one. Default 0.01. */
  readonly relativeAccuracy?: number;
  /**
   * Most logarithmic buckets kept (default 2048). With alpha = 0.01 that spans values from x to
   * about 6e17·x, so latencies in milliseconds never collapse in practice. See the collapsing rule.
   */
  readonly maxBuckets?: number;
  /**
   * Values in [0, minValue) go to the zero bucket and are reported as 0 (clamped up to the exact
   * minimum): an absolute error below minValue instead of a relative one. Default 1e-6 (1 ns in ms).
   */
  readonly minValue?: number;
}

export interface LatencySketchJSON {
  readonly version: 1;
  readonly relativeAccuracy: number;
  readonly maxBuckets: number;
  readonly minValue: number;
  readonly zeroCount: number;
  readonly sum: { readonly sum: number; readonly compensation: number };
  readonly min: number | null;
  readonly max: number | null;
  /** [bucket index, count], by increasing index; bucket i holds (gamma^(i-1), gamma^i]. */
  readonly bins: ReadonlyArray<readonly [number, number]>;
}

export const DEFAULT_RELATIVE_ACCURACY = 0.01;
export const DEFAULT_MAX_BUCKETS = 2048;
export const DEFAULT_MIN_VALUE = 1e-6;

/**
 * A mergeable quantile sketch with relative accuracy (DDSketch, Masson, Rim and Lee, VLDB 2019),
 * for latencies and other non-negative values.
 *
 * - gamma = (1 + alpha) / (1 - alpha). A value x >= minValue goes to bucket i = ceil(log_gamma x),
 *   which holds (gamma^(i-1), gamma^i]; the bucket's estimate 2·gamma^i / (gamma + 1) is within
 *   alpha·x of every value in it. Values in [0, minValue) are counted in a zero bucket (estimate 0).
 *   Negative, NaN and infinite values are refused (a latency cannot be negative).
 * - Quantile q (0 <= q <= 1) is the lower-rank quantile of the paper: the value of rank
 *   floor(q·(n − 1)) (0-based) in sorted order. Ranks 0 and n − 1 return the exact min and max;
 *   other estimates are clamped to [min, max].
 * - Collapsing rule (bounded size): only indices in [maxIndex − maxBuckets + 1, maxIndex] are kept;
 *   every lower index is counted into the lowest kept bucket, as DDSketch's "collapsing lowest"
 *   store does. High quantiles (p95, p99) keep their guarantee; only quantiles that fall in the
 *   collapsed bucket lose it. The rule depends only on the largest index, so the buckets of a merged
 *   sketch equal those of one sketch over all values, in any order.
 */
export class LatencySketch {
  readonly relativeAccuracy: number;
  readonly maxBuckets: number;
  readonly minValue: number;
  private readonly gamma: number;
  private readonly lnGamma: number;
  private readonly bins = new Map<number, number>();
  private minIndex = Infinity;
  private maxIndex = -Infinity;
  private zeros = 0;
  private n = 0;
  private readonly total = new CompensatedSum();
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: LatencySketchOptions = {}) {
    const { relativeAccuracy = DEFAULT_RELATIVE_ACCURACY, maxBuckets = DEFAULT_MAX_BUCKETS, minValue = DEFAULT_MIN_VALUE } = options;
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) throw new HealthInputError(`relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
    if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1) throw new HealthInputError(`maxBuckets must be a positive integer, got ${maxBuckets}`);
    if (!(minValue > 0 && Number.isFinite(minValue))) throw new HealthInputError(`minValue must be a positive finite number, got ${minValue}`);
    this.relativeAccuracy = relativeAccuracy;
    this.maxBuckets = maxBuckets;
    this.minValue = minValue;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(this.gamma);
  }

  /** Number of values added. */
  get count(): number {
    return this.n;
  }

  /** Sum of the values (compensated), for the mean. */
  get sum(): number {
    return this.total.value;
  }

  /** Exact smallest value, or null when empty. */
  get min(): number | null {
    return this.n === 0 ? null : this.lo;
  }

  /** Exact largest value, or null when empty. */
  get max(): number | null {
    return this.n === 0 ? null : this.hi;
  }

  /** Values counted in the zero bucket ([0, minValue)). */
  get zeroCount(): number {
    return this.zeros;
  }

  /** Number of non-empty logarithmic buckets (at most maxBuckets). */
  get bucketCount(): number {
    return this.bins.size;
  }

  /** The bucket index of a value >= minValue. */
  indexOf(value: number): number {
    return Math.ceil(Math.log(value) / this.lnGamma);
  }

  /** The estimate reported for bucket i: 2·gamma^i / (gamma + 1). */
  valueOf(index: number): number {
    return (2 * Math.exp(index * this.lnGamma)) / (this.gamma + 1);
  }

  add(value: number, count = 1): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HealthInputError(`a latency must be a finite number >= 0, got ${String(value)}`);
    }
    if (!Number.isSafeInteger(count) || count < 1) throw new HealthInputError(`count must be a positive integer, got ${count}`);
    if (value < this.minValue) this.zeros += count;
    else this.addToBucket(this.indexOf(value), count);
    this.n += count;
    this.total.add(count === 1 ? value : value * count);
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  private addToBucket(index: number, count: number): void {
    if (index > this.maxIndex) {
      this.maxIndex = index;
      this.collapseBelow(index - this.maxBuckets + 1);
    }
    const target = Math.max(index, this.maxIndex - this.maxBuckets + 1);
    this.bins.set(target, (this.bins.get(target) ?? 0) + count);
    if (target < this.minIndex) this.minIndex = target;
  }

  /** Moves the counts of every index below `floor` into bucket `floor`. */
  private collapseBelow(floor: number): void {
    if (this.minIndex >= floor) return;
    let moved = 0;
    for (const [i, c] of this.bins) {
      if (i < floor) {
        moved += c;
        this.bins.delete(i);
      }
    }
    if (moved > 0) this.bins.set(floor, (this.bins.get(floor) ?? 0) + moved);
    this.minIndex = floor;
  }

  /** The lower-rank q-quantile estimate (see the class comment), or null when empty. */
  quantile(q: number): number | null {
    return this.quantiles([q])[0] ?? null;
  }

  /** Several quantiles in one pass over the buckets, in the order given. */
  quantiles(qs: readonly number[]): Array<number | null> {
    for (const q of qs) {
      if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new HealthInputError(`a quantile level must be in [0, 1], got ${String(q)}`);
    }
    if (this.n === 0) return qs.map(() => null);
    const indices = [...this.bins.keys()].sort((a, b) => a - b);
    return qs.map((q) => {
      const rank = Math.floor(q * (this.n - 1));
      if (rank === 0) return this.lo;
      if (rank === this.n - 1) return this.hi;
      let seen = this.zeros;
      let estimate = 0;
      if (seen <= rank) {
        for (const i of indices) {
          seen += this.bins.get(i) as number;
          if (seen > rank) {
            estimate = this.valueOf(i);
            break;
          }
        }
      }
      return Math.min(Math.max(estimate, this.lo), this.hi);
    });
  }

  /** A new sketch over both inputs' values; neither input changes. Settings must match. */
  static merge(a: LatencySketch, b: LatencySketch): LatencySketch {
    const out = a.copy();
    out.mergeIn(b);
    return out;
  }

  /** Adds another sketch's values into this one (the other is not changed). */
  mergeIn(other: LatencySketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.maxBuckets !== this.maxBuckets || other.minValue !== this.minValue) {
      throw new HealthInputError(
        `cannot merge latency sketches with different settings (relativeAccuracy ${this.relativeAccuracy} vs ${other.relativeAccuracy}, ` +
          `maxBuckets ${this.maxBuckets} vs ${other.maxBuckets}, minValue ${this.minValue} vs ${other.minValue})`,
      );
    }
    if (other.n === 0) return;
    if (other.maxIndex > this.maxIndex) {
      this.maxIndex = other.maxIndex;
      this.collapseBelow(other.maxIndex - this.maxBuckets + 1);
    }
    for (const [i, c] of other.bins) this.addToBucket(i, c);
    this.zeros += other.zeros;
    this.n += other.n;
    this.total.addSum(other.total);
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  copy(): LatencySketch {
    const out = new LatencySketch(this);
    for (const [i, c] of this.bins) out.bins.set(i, c);
    out.minIndex = this.minIndex;
    out.maxIndex = this.maxIndex;
    out.zeros = this.zeros;
    out.n = this.n;
    out.total.addSum(this.total);
    out.lo = this.lo;
    out.hi = this.hi;
    return out;
  }

  toJSON(): LatencySketchJSON {
    return {
      version: 1,
      relativeAccuracy: this.relativeAccuracy,
      maxBuckets: this.maxBuckets,
      minValue: this.minValue,
      zeroCount: this.zeros,
      sum: this.total.toJSON(),
      min: this.min,
      max: this.max,
      bins: [...this.bins.entries()].sort((x, y) => x[0] - y[0]),
    };
  }

  static fromJSON(json: unknown): LatencySketch {
    const j = requireObject(json, 'a latency sketch');
    if (j['version'] !== 1) throw new HealthInputError(`latency sketch version must be 1, got ${JSON.stringify(j['version'])}`);
    const out = new LatencySketch({
      relativeAccuracy: j['relativeAccuracy'] as number,
      maxBuckets: j['maxBuckets'] as number,
      minValue: j['minValue'] as number,
    });
    out.zeros = requireCount(j['zeroCount'], 'zeroCount');
    out.n = out.zeros;
    for (const entry of requireArray(j['bins'], 'bins')) {
      const pair = requireArray(entry, 'a bin');
      const index = pair[0];
      if (pair.length !== 2 || typeof index !== 'number' || !Number.isSafeInteger(index)) throw new HealthInputError('a bin must be [integer index, count]');
      const c = requireCount(pair[1], 'a bin count');
      if (c === 0 || out.bins.has(index)) throw new HealthInputError(`bin ${index} is empty or repeated`);
      out.bins.set(index, c);
      out.n += c;
      out.minIndex = Math.min(out.minIndex, index);
      out.maxIndex = Math.max(out.maxIndex, index);
    }
    if (out.maxIndex - out.minIndex + 1 > out.maxBuckets) throw new HealthInputError(`bins span more than maxBuckets = ${out.maxBuckets} indices`);
    const sum = CompensatedSum.fromJSON(j['sum'], 'sum');
    out.total.addSum(sum);
    if (out.n > 0) {
      const { min, max } = j;
      if (typeof min !== 'number' || typeof max !== 'number' || !(min >= 0 && min <= max && Number.isFinite(max))) {
        throw new HealthInputError('min and max must be finite numbers with 0 <= min <= max for a non-empty sketch');
      }
      out.lo = min;
      out.hi = max;
    }
    return out;
  }
}
