import { DriftInputError } from './drift-input-error.ts';

/** Counts (or non-negative weights) per bin, in a profile's bin order. */
export type BinCounts = readonly number[];

/**
 * Checks a reference/window pair of count vectors and returns their totals. Refuses what would
 * make a statistic NaN or Infinity: different lengths, a negative or non-finite count, and an
 * empty side (a total of 0). An empty window is not "no drift": apply `minimumWindowSize` first.
 */
export function checkCountPair(reference: BinCounts, window: BinCounts): { referenceTotal: number; windowTotal: number } {
  if (reference.length !== window.length) {
    throw new DriftInputError(`reference has ${reference.length} bins and window ${window.length}; count both into the same profile`);
  }
  if (reference.length === 0) throw new DriftInputError('no bins to compare');
  return { referenceTotal: total(reference, 'reference'), windowTotal: total(window, 'window') };
}

function total(counts: BinCounts, side: string): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (!(c >= 0) || !Number.isFinite(c)) throw new DriftInputError(`${side} count in bin ${i} is ${c}; counts must be finite and non-negative`);
    sum += c;
  }
  if (sum === 0) throw new DriftInputError(`the ${side} is empty (all bin counts are 0); there is nothing to compare`);
  return sum;
}
