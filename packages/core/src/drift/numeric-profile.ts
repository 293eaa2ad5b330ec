import type { NumericBinProfile, WindowCounts } from './bin-profile.ts';
import { DriftInputError } from './drift-input-error.ts';
import { quantileSorted } from './quantile.ts';

export interface NumericProfileOptions {
  /**
   * Number of quantile bins inside the reference range (default 10: deciles). Edges are the
   * reference quantiles at i/bins, i = 0..bins, with duplicates removed, so a feature with ties
   * gets fewer, wider bins rather than empty ones.
   */
  readonly bins?: number;
}

/**
 * Fits bin edges on a reference sample and counts the reference into them. Missing values (null,
 * undefined, NaN) are counted apart; an infinite reference value is refused, since it would make
 * an edge infinite. Cost: one sort of the reference, O(n log n).
 */
export function fitNumericProfile(reference: Iterable<number | null | undefined>, options: NumericProfileOptions = {}): NumericBinProfile {
  const { bins = 10 } = options;
  if (!Number.isInteger(bins) || bins < 1) throw new DriftInputError(`bins must be a positive integer, got ${bins}`);
  const values: number[] = [];
  let missing = 0;
  for (const v of reference) {
    if (v === null || v === undefined || Number.isNaN(v)) missing++;
    else if (!Number.isFinite(v)) throw new DriftInputError(`the reference holds ${v}; bin edges must be finite (drop or clip infinite values first)`);
    else values.push(v);
  }
  if (values.length === 0) throw new DriftInputError('the reference has no values to fit bins on');
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    // i / bins, not i * (1 / bins): the level NumPy gets from [i / bins for i in range(bins + 1)].
    const edge = quantileSorted(sorted, i / bins);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  const profile: NumericBinProfile = { kind: 'numeric', version: 1, edges, referenceCounts: [], referenceMissing: missing };
  return { ...profile, referenceCounts: countNumeric(profile, values).counts };
}

/**
 * The bin of a value: 0 below the first edge, the last bin above the last edge, otherwise the
 * in-range bin [e(i-1), e(i)) that holds it (the last in-range bin also holds the last edge).
 * -Infinity and +Infinity fall in the open outer bins. NaN is not a bin: check for it first.
 */
export function numericBinIndex(edges: readonly number[], value: number): number {
  const inRange = Math.max(edges.length - 1, 1);
  if (value < (edges[0] as number)) return 0;
  if (value > (edges[edges.length - 1] as number)) return inRange + 1;
  // The number of edges <= value (binary search), at least 1 here.
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, inRange);
}

/** Counts values into a numeric profile's bins; null, undefined and NaN are counted as missing. */
export function countNumeric(profile: NumericBinProfile, values: Iterable<number | null | undefined>): WindowCounts {
  const counts = new Array<number>(Math.max(profile.edges.length - 1, 1) + 2).fill(0);
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined || Number.isNaN(v)) {
      missing++;
      continue;
    }
    const i = numericBinIndex(profile.edges, v);
    counts[i] = (counts[i] as number) + 1;
  }
  return { counts, missing };
}
