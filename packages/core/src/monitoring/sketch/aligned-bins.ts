import { DriftInputError } from '../../drift/drift-input-error.ts';

/** One side of an aligned pair: its count in every bin and bounds on the mean of the values there. */
export interface SideBins {
  readonly counts: ArrayLike<number>;
  /**
   * The mean of the side's values in bin i lies in [meanLow[i], meanHigh[i]] (read only where the
   * count is positive). A sketch that keeps no position inside its bins gives the bin's own bounds.
   * meanHigh[i] <= lower[i] says that every value of the bin equals lower[i] (a point mass there).
   */
  readonly meanLow: ArrayLike<number>;
  readonly meanHigh: ArrayLike<number>;
}

/**
 * Two distributions counted in the same bins, the view from which KS and Wasserstein are bounded.
 * Bin i spans lower[i] to upper[i]; the bins are in increasing order and contiguous
 * (upper[i] = lower[i + 1]), and cover every value of both sides (the first may start at -Infinity,
 * the last end at +Infinity; a bin may have zero width: a single value). Between two bins the
 * cumulative counts are those of each side's values up to that point.
 */
export interface AlignedBins {
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly first: SideBins;
  readonly second: SideBins;
}

/** Checks a pair and returns its totals; an empty side is refused (there is nothing to compare). */
export function alignedTotals(bins: AlignedBins): { readonly n1: number; readonly n2: number } {
  const k = bins.lower.length;
  if (k === 0) throw new DriftInputError('no bins to compare');
  for (const a of [bins.upper, bins.first.counts, bins.first.meanLow, bins.first.meanHigh, bins.second.counts, bins.second.meanLow, bins.second.meanHigh]) {
    if (a.length !== k) throw new DriftInputError('aligned bins must give every array for every bin');
  }
  const n1 = total(bins.first.counts, 'first');
  const n2 = total(bins.second.counts, 'second');
  return { n1, n2 };
}

function total(counts: ArrayLike<number>, side: string): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i] as number;
  if (!(sum > 0)) throw new DriftInputError(`the ${side} side is empty; there is nothing to compare`);
  return sum;
}
