import type { ChangeDetector, DetectorSnapshot } from './change-detector.ts';
import { DetectorOptionsError } from './detector-options-error.ts';
import { integerAtLeast, numberBetween, resolveOptions, type OptionChecks } from './detector-options.ts';
import { readSnapshot } from './snapshot-reader.ts';
import { finiteNumber } from './update-input.ts';

export interface AdwinOptions {
  /** Confidence of the cut test: a smaller delta means fewer false alarms and later detection. */
  readonly delta: number;
  /** Check for a change every `clock` updates (1 = every update). */
  readonly clock: number;
  /**
   * Buckets kept per size before the two oldest of that size are merged; at least 2. (With 1 a
   * merge can leave an empty row inside the histogram, and a second cut then removes from it:
   * River 0.26.1 panics there, and the window's sums would be corrupted.)
   */
  readonly maxBuckets: number;
  /** The smallest sub-window, in items, on either side of a cut that is tested. */
  readonly minWindowLength: number;
  /** No cut is tested until the window holds more than this many items. */
  readonly gracePeriod: number;
}

export interface AdwinState {
  /**
   * The exponential histogram: row i holds buckets of 2^i items, oldest first, as the sum of
   * their values and the sum of squared deviations from their mean.
   */
  readonly bucketTotals: number[][];
  readonly bucketVariances: number[][];
  readonly width: number;
  readonly total: number;
  /** Sum of squared deviations from the mean over the whole window. */
  readonly variance: number;
  readonly tick: number;
  readonly driftDetected: boolean;
}

export type AdwinSnapshot = DetectorSnapshot<'adwin', AdwinOptions, AdwinState>;

const STATE_VERSION = 1;

interface BucketRow {
  totals: number[];
  variances: number[];
}

/**
 * ADWIN, adaptive windowing (Bifet, Gavaldà: "Learning from Time-Changing Data with Adaptive
 * Windowing", SDM 2007), in its ADWIN2 form: the window is an exponential histogram of buckets
 * (at most maxBuckets + 1 of each size 2^i), so memory and time per check are
 * O(maxBuckets * log(width)). Every `clock` updates it tests each bucket boundary as a cut
 * between an older and a newer sub-window, and while some cut shows a significant difference
 * of means it drops the oldest bucket and signals a drift. Works on any bounded numeric stream,
 * error bits included; no warning zone.
 *
 * A port of River 0.26.1's implementation (`river.drift.ADWIN`, whose engine is
 * `rust_src/adwin.rs`, itself a port of the earlier `adwin_c.pyx`): the same bucket layout and
 * merge order, the same floating-point operations in the same order, the same loop over cuts,
 * and, like River's Python wrapper, the whole window dropped at the start of the update after a
 * drift. Logarithms come from Math.log, which may differ from the C library's log by one ulp;
 * a detection can move only if a difference of means lies within about 1e-16 (relative) of the
 * cut threshold.
 */
export class ADWIN implements ChangeDetector {
  static readonly type = 'adwin';
  static readonly defaults: AdwinOptions = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 };
  private static readonly checks: OptionChecks<AdwinOptions> = {
    delta: numberBetween(0, 1),
    clock: integerAtLeast(1),
    maxBuckets: integerAtLeast(2),
    minWindowLength: integerAtLeast(1),
    gracePeriod: integerAtLeast(0),
  };

  readonly type = ADWIN.type;
  readonly options: AdwinOptions;
  private rows: BucketRow[] = [{ totals: [], variances: [] }];
  private windowWidth = 0;
  private total = 0;
  private variance = 0;
  private tick = 0;
  private drift = false;

  constructor(options?: Partial<AdwinOptions>) {
    this.options = resolveOptions(ADWIN.type, ADWIN.defaults, ADWIN.checks, options);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  /** The number of items in the current window. */
  get width(): number {
    return this.windowWidth;
  }

  /** The mean of the current window (0 when it is empty). */
  get estimation(): number {
    return this.windowWidth === 0 ? 0 : this.total / this.windowWidth;
  }

  update(x: number): this {
    const value = finiteNumber(ADWIN.type, x);
    if (this.drift) this.reset();
    this.insert(value);
    this.drift = this.detectChange();
    return this;
  }

  toJSON(): AdwinSnapshot {
    return {
      type: ADWIN.type,
      version: STATE_VERSION,
      options: { ...this.options },
      state: {
        bucketTotals: this.rows.map((row) => [...row.totals]),
        bucketVariances: this.rows.map((row) => [...row.variances]),
        width: this.windowWidth,
        total: this.total,
        variance: this.variance,
        tick: this.tick,
        driftDetected: this.drift,
      },
    };
  }

  static fromJSON(json: unknown): ADWIN {
    const { options, state } = readSnapshot(json, ADWIN.type, STATE_VERSION);
    const adwin = new ADWIN(options as Partial<AdwinOptions>);
    const totals = state.numberRows('bucketTotals');
    const variances = state.numberRows('bucketVariances');
    const sameShape = totals.length > 0 && totals.length === variances.length && totals.every((row, i) => row.length === variances[i]?.length);
    const width = state.count('width');
    const counted = totals.reduce((sum, row, i) => sum + row.length * 2 ** i, 0);
    if (!sameShape || counted !== width) {
      throw new DetectorOptionsError(ADWIN.type, ['snapshot buckets do not match the window width; store the detector again with toJSON()']);
    }
    adwin.rows = totals.map((row, i) => ({ totals: row, variances: variances[i] ?? [] }));
    adwin.windowWidth = width;
    adwin.total = state.number('total');
    adwin.variance = state.number('variance');
    adwin.tick = state.count('tick');
    adwin.drift = state.boolean('driftDetected');
    return adwin;
  }

  private reset(): void {
    this.rows = [{ totals: [], variances: [] }];
    this.windowWidth = 0;
    this.total = 0;
    this.variance = 0;
    this.tick = 0;
    this.drift = false;
  }

  /** Adds one item as a bucket of size 1, updating width, total and variance incrementally. */
  private insert(value: number): void {
    const first = this.rows[0] as BucketRow;
    first.totals.push(value);
    first.variances.push(0);

    this.windowWidth += 1;
    let increment = 0;
    if (this.windowWidth > 1) {
      const deviation = value - this.total / (this.windowWidth - 1);
      increment = ((this.windowWidth - 1) * deviation * deviation) / this.windowWidth;
    }
    this.variance += increment;
    this.total += value;
    this.compress();
  }

  /** Merges the two oldest buckets of a row into the next row while a row holds maxBuckets + 1. */
  private compress(): void {
    for (let i = 0; ; i += 1) {
      const row = this.rows[i] as BucketRow;
      if (row.totals.length !== this.options.maxBuckets + 1) return;

      const size = 2 ** i;
      const [t0 = 0, t1 = 0] = row.totals;
      const [v0 = 0, v1 = 0] = row.variances;
      const mu1 = t0 / size;
      const mu2 = t1 / size;
      const mergedTotal = t0 + t1;
      const mergedVariance = v0 + v1 + size * 0.5 * (mu1 - mu2) * (mu1 - mu2);

      let next = this.rows[i + 1];
      if (next === undefined) {
        next = { totals: [], variances: [] };
        this.rows.push(next);
      }
      next.totals.push(mergedTotal);
      next.variances.push(mergedVariance);
      row.totals.splice(0, 2);
      row.variances.splice(0, 2);
      if (next.totals.length <= this.options.maxBuckets) return;
    }
  }

  /** Drops the oldest bucket (the first of the last row). */
  private dropOldest(): void {
    const last = this.rows.length - 1;
    const row = this.rows[last] as BucketRow;
    const size = 2 ** last;
    const u = row.totals[0] ?? 0;
    const v = row.variances[0] ?? 0;
    const mu = u / size;

    this.windowWidth -= size;
    this.total -= u;
    const windowMean = this.total / this.windowWidth;
    this.variance -= v + (size * this.windowWidth * (mu - windowMean) * (mu - windowMean)) / (size + this.windowWidth);

    row.totals.shift();
    row.variances.shift();
    if (row.totals.length === 0) this.rows.pop();
  }

  /**
   * Tests every cut from the oldest bucket boundary to the newest; on a significant one drops the
   * oldest bucket and starts over, until no cut is significant.
   */
  private detectChange(): boolean {
    let changed = false;
    this.tick += 1;
    const { clock, gracePeriod, minWindowLength } = this.options;
    if (this.tick % clock !== 0 || !(this.windowWidth > gracePeriod)) return false;

    let shrink = true;
    while (shrink) {
      shrink = false;
      let n0 = 0;
      let n1 = this.windowWidth;
      let u0 = 0;
      let u1 = this.total;
      cuts: for (let i = this.rows.length - 1; i >= 0; i -= 1) {
        const size = 2 ** i;
        const totals = (this.rows[i] as BucketRow).totals;
        for (let k = 0; k < totals.length; k += 1) {
          const t = totals[k] as number;
          n0 += size;
          n1 -= size;
          u0 += t;
          u1 -= t;
          // The newest bucket is never a cut: the newer sub-window would be empty.
          if (i === 0 && k === totals.length - 1) break cuts;

          const deltaMean = u0 / n0 - u1 / n1;
          if (n1 >= minWindowLength && n0 >= minWindowLength && this.isSignificant(n0, n1, deltaMean)) {
            shrink = true;
            changed = true;
            if (this.windowWidth > 0) {
              this.dropOldest();
              break cuts;
            }
          }
        }
      }
    }
    return changed;
  }

  /** ADWIN's cut test: |mean0 - mean1| > epsilon_cut for the variance of the whole window. */
  private isSignificant(n0: number, n1: number, deltaMean: number): boolean {
    const { delta, minWindowLength } = this.options;
    const deltaPrime = Math.log((2 * Math.log(this.windowWidth)) / delta);
    const mRecip = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1);
    const epsilon = Math.sqrt(2 * mRecip * (this.variance / this.windowWidth) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
    return Math.abs(deltaMean) > epsilon;
  }
}
