import type { BinCounts } from './bin-counts.ts';
import { DriftInputError } from './drift-input-error.ts';
import { quantileSorted } from './quantile.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

export interface NullThresholdOptions {
  /** The false-alarm rate per test: the threshold is the (1 - alpha) quantile of the null distribution. Default 0.05. */
  readonly alpha?: number;
  /** Number of resampled windows. Default 500. The quantile's own noise shrinks as 1/sqrt(resamples). */
  readonly resamples?: number;
  /** PRNG seed; the same inputs and seed give the same threshold. Default 1. */
  readonly seed?: number;
}

export interface NullThreshold {
  /** Scores above this are drift at false-alarm rate alpha, for windows of `windowSize` values. */
  readonly threshold: number;
  readonly alpha: number;
  readonly resamples: number;
  readonly seed: number;
  readonly windowSize: number;
}

/**
 * The (1 - alpha) quantile (NumPy's linear quantile) of `resample(random)` over `resamples`
 * draws: the building block of the two thresholds below, for any statistic and resampling scheme.
 */
export function resampledQuantile(resample: (random: SeededRandom) => number, options: NullThresholdOptions = {}): number {
  const { alpha, resamples, seed } = checkOptions(options);
  const random = seededRandom(seed);
  const values = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const v = resample(random);
    if (Number.isNaN(v)) throw new DriftInputError('the statistic returned NaN on a resampled window');
    values[i] = v;
  }
  return quantileSorted(values.sort(), 1 - alpha);
}

/**
 * A sample-size-aware threshold for a statistic on binned counts (PSI, Jensen-Shannon,
 * Hellinger, L-infinity): the (1 - alpha) quantile of the statistic between the reference and
 * windows of `windowSize` values drawn from the reference's own bin shares, that is, of the
 * scores of windows that did not drift. Fixed cut-offs (PSI 0.1, JS 0.1) ignore that these
 * statistics shrink with the window size (the null mean of PSI is about (bins - 1) / windowSize):
 * they fire on every small window and never on a large one. This threshold keeps the false-alarm
 * rate at alpha whatever the size.
 *
 * It treats the reference shares as the population, which is right when the reference holds
 * many more values than the window (10x or more); otherwise it is a little low (more alarms),
 * since the reference's own sampling noise is left out. Cost O(resamples * (windowSize + bins));
 * cache it per profile and window size (for example, window sizes rounded up to a power of two).
 */
export function binnedNullThreshold(
  referenceCounts: BinCounts,
  windowSize: number,
  statistic: (reference: BinCounts, window: BinCounts) => number,
  options: NullThresholdOptions = {},
): NullThreshold {
  checkWindowSize(windowSize);
  const cumulative: number[] = [];
  let total = 0;
  for (const c of referenceCounts) {
    if (!(c >= 0) || !Number.isFinite(c)) throw new DriftInputError(`reference count ${c}: counts must be finite and non-negative`);
    total += c;
    cumulative.push(total);
  }
  if (total === 0) throw new DriftInputError('the reference is empty (all bin counts are 0)');
  const bins = referenceCounts.length;
  const threshold = resampledQuantile((random) => {
    const window = new Array<number>(bins).fill(0);
    for (let k = 0; k < windowSize; k++) {
      // The first bin whose cumulative count exceeds u * total (bins of count 0 are never drawn).
      const u = random.next() * total;
      let lo = 0;
      let hi = bins - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      window[lo] = (window[lo] as number) + 1;
    }
    return statistic(referenceCounts, window);
  }, options);
  return { threshold, windowSize, ...checkOptions(options) };
}

/**
 * The same for a statistic on raw values (Wasserstein, the KS statistic D): windows of
 * `windowSize` values drawn with replacement from the reference sample (a bootstrap). Cost
 * O(resamples * cost of one statistic); for a large reference, pass a random subsample of it.
 */
export function sampleNullThreshold(
  reference: ArrayLike<number>,
  windowSize: number,
  statistic: (reference: ArrayLike<number>, window: Float64Array) => number,
  options: NullThresholdOptions = {},
): NullThreshold {
  checkWindowSize(windowSize);
  if (reference.length === 0) throw new DriftInputError('the reference sample is empty');
  const threshold = resampledQuantile((random) => {
    const window = new Float64Array(windowSize);
    for (let k = 0; k < windowSize; k++) window[k] = reference[random.nextInt(reference.length)] as number;
    return statistic(reference, window);
  }, options);
  return { threshold, windowSize, ...checkOptions(options) };
}

function checkWindowSize(windowSize: number): void {
  if (!Number.isSafeInteger(windowSize) || windowSize < 1) throw new DriftInputError(`windowSize must be a positive integer, got ${windowSize}`);
}

function checkOptions(options: NullThresholdOptions): { alpha: number; resamples: number; seed: number } {
  const { alpha = 0.05, resamples = 500, seed = 1 } = options;
  if (!(alpha > 0 && alpha < 1)) throw new DriftInputError(`alpha must be within (0, 1), got ${alpha}`);
  if (!Number.isSafeInteger(resamples) || resamples < 2) throw new DriftInputError(`resamples must be an integer >= 2, got ${resamples}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new DriftInputError(`seed must be a non-negative integer, got ${seed}`);
  return { alpha, resamples, seed };
}
