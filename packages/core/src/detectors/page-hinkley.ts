import type { ChangeDetector, DetectorSnapshot } from './change-detector.ts';
import { integerAtLeast, nonNegativeNumber, numberBetween, oneOf, positiveNumber, resolveOptions, type OptionChecks } from './detector-options.ts';
import { readSnapshot } from './snapshot-reader.ts';
import { finiteNumber } from './update-input.ts';

export type PageHinkleyMode = 'up' | 'down' | 'both';

export interface PageHinkleyOptions {
  /** Items seen before any drift is signalled. */
  readonly minInstances: number;
  /** The magnitude of change tolerated, in the units of x. */
  readonly delta: number;
  /** Drift when the cumulative deviation exceeds this (lambda), in the units of x. */
  readonly threshold: number;
  /** Forgetting factor applied to the cumulative sums each update (1 = none). */
  readonly alpha: number;
  /** Which changes of the mean to detect: increases, decreases, or both. */
  readonly mode: PageHinkleyMode;
}

export interface PageHinkleyState {
  readonly n: number;
  readonly mean: number;
  readonly sumIncrease: number;
  readonly sumDecrease: number;
  /** The smallest sumIncrease seen; null before the first update (River's +infinity). */
  readonly minIncrease: number | null;
  /** The largest sumDecrease seen, starting from River's -1. */
  readonly maxDecrease: number;
  readonly driftDetected: boolean;
}

export type PageHinkleySnapshot = DetectorSnapshot<'page-hinkley', PageHinkleyOptions, PageHinkleyState>;

const STATE_VERSION = 1;

/**
 * The Page-Hinkley test (Page: "Continuous Inspection Schemes", Biometrika 1954), a CUSUM of
 * each value's deviation from the running mean, for a change in the mean of a numeric stream.
 * It has no warning zone.
 *
 * Follows `river.drift.PageHinkley` (River 0.26.1) operation for operation, including its fading
 * factor alpha, its two one-sided sums for mode 'both', and the state dropped at the start of
 * the update after a drift. Memory is constant.
 *
 * `threshold` and `delta` are in the units of x, so they must suit the stream's noise: with no
 * change the statistic behaves like a random walk reflected at 0 with a downward pull of delta,
 * whose typical height is about sd^2 / (2 delta). With the defaults (delta 0.005, threshold 50)
 * a stream of standard deviation 0.3 or less stays quiet, while one of standard deviation 1
 * alarms on most 4000-item stationary streams (30 of 30 in River).
 */
export class PageHinkley implements ChangeDetector {
  static readonly type = 'page-hinkley';
  static readonly defaults: PageHinkleyOptions = { minInstances: 30, delta: 0.005, threshold: 50, alpha: 1 - 0.0001, mode: 'both' };
  private static readonly checks: OptionChecks<PageHinkleyOptions> = {
    minInstances: integerAtLeast(0),
    delta: nonNegativeNumber(),
    threshold: positiveNumber(),
    alpha: numberBetween(0, 1, true),
    mode: oneOf(['up', 'down', 'both']),
  };

  readonly type = PageHinkley.type;
  readonly options: PageHinkleyOptions;
  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Number.POSITIVE_INFINITY;
  private maxDecrease = -1;
  private drift = false;

  constructor(options?: Partial<PageHinkleyOptions>) {
    this.options = resolveOptions(PageHinkley.type, PageHinkley.defaults, PageHinkley.checks, options);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  update(x: number): this {
    const value = finiteNumber(PageHinkley.type, x);
    if (this.drift) this.reset();

    this.n += 1;
    // River's stats.Mean: mean += (w / n) * (x - mean).
    this.mean += (1 / this.n) * (value - this.mean);
    const deviation = value - this.mean;
    const { alpha, delta, threshold, mode } = this.options;
    this.sumIncrease = alpha * this.sumIncrease + deviation - delta;
    this.sumDecrease = alpha * this.sumDecrease + deviation + delta;
    if (this.sumIncrease < this.minIncrease) this.minIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maxDecrease) this.maxDecrease = this.sumDecrease;

    if (this.n >= this.options.minInstances) {
      const up = this.sumIncrease - this.minIncrease > threshold;
      const down = this.maxDecrease - this.sumDecrease > threshold;
      this.drift = mode === 'up' ? up : mode === 'down' ? down : up || down;
    }
    return this;
  }

  toJSON(): PageHinkleySnapshot {
    return {
      type: PageHinkley.type,
      version: STATE_VERSION,
      options: { ...this.options },
      state: {
        n: this.n,
        mean: this.mean,
        sumIncrease: this.sumIncrease,
        sumDecrease: this.sumDecrease,
        minIncrease: Number.isFinite(this.minIncrease) ? this.minIncrease : null,
        maxDecrease: this.maxDecrease,
        driftDetected: this.drift,
      },
    };
  }

  static fromJSON(json: unknown): PageHinkley {
    const { options, state } = readSnapshot(json, PageHinkley.type, STATE_VERSION);
    const ph = new PageHinkley(options as Partial<PageHinkleyOptions>);
    ph.n = state.count('n');
    ph.mean = state.number('mean');
    ph.sumIncrease = state.number('sumIncrease');
    ph.sumDecrease = state.number('sumDecrease');
    ph.minIncrease = state.numberOrNull('minIncrease') ?? Number.POSITIVE_INFINITY;
    ph.maxDecrease = state.number('maxDecrease');
    ph.drift = state.boolean('driftDetected');
    return ph;
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minIncrease = Number.POSITIVE_INFINITY;
    this.maxDecrease = -1;
    this.drift = false;
  }
}
