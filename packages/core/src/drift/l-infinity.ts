import { checkCountPair, type BinCounts } from './bin-counts.ts';

/**
 * The L-infinity distance: the largest absolute difference between reference and window shares
 * of one bin (NannyML's categorical L-infinity, Vertex AI's categorical default). Between 0 and
 * 1; for a categorical feature it reads directly as "the share of one category moved by this
 * much". Empty bins need no rule.
 */
export function lInfinityDistance(reference: BinCounts, window: BinCounts): number {
  const { referenceTotal, windowTotal } = checkCountPair(reference, window);
  let max = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs((reference[i] as number) / referenceTotal - (window[i] as number) / windowTotal);
    if (d > max) max = d;
  }
  return max;
}
