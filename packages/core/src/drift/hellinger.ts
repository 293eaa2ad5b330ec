import { checkCountPair, type BinCounts } from './bin-counts.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';

/**
 * The Hellinger distance between the reference and window shares,
 * (1 / sqrt 2) * || sqrt p - sqrt q ||_2, between 0 (identical) and 1 (disjoint): the form of
 * NannyML, WhyLabs and whylogs (WhyLabs' default drift metric, threshold 0.7). Computed from
 * the squared differences, not as sqrt(1 - sum sqrt(p q)), which cancels for close shares.
 * Empty bins need no rule.
 */
export function hellingerDistance(reference: BinCounts, window: BinCounts): number {
  const { referenceTotal, windowTotal } = checkCountPair(reference, window);
  const sum = new CompensatedSum();
  for (let i = 0; i < reference.length; i++) {
    const d = Math.sqrt((reference[i] as number) / referenceTotal) - Math.sqrt((window[i] as number) / windowTotal);
    sum.add(d * d);
  }
  return Math.sqrt(sum.value) / Math.SQRT2;
}
