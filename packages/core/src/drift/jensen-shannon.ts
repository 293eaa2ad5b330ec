import { checkCountPair, type BinCounts } from './bin-counts.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';

/**
 * The Jensen-Shannon distance between the reference and window shares, base 2 (SciPy:
 * `scipy.spatial.distance.jensenshannon(p, q, base=2)`; NannyML's scale): the square root of the
 * JS divergence, between 0 (identical) and 1 (disjoint). Evidently uses the natural log instead,
 * whose maximum is sqrt(ln 2) = 0.833, so thresholds do not carry over between the two.
 *
 * Empty bins need no rule: 0 ln 0 = 0 and the mixture is never 0 where either side is not.
 * Each bin adds m f(u) / 2 with m = (p + q) / 2, u = (p - q) / (p + q) and
 * f(u) = (1 + u) ln(1 + u) + (1 - u) ln(1 - u) >= 0, summed as a series when |u| < 0.1, so no
 * term cancels and the result is exactly 0 for equal shares, never the square root of a small
 * negative rounding error.
 */
export function jensenShannonDistance(reference: BinCounts, window: BinCounts): number {
  const { referenceTotal, windowTotal } = checkCountPair(reference, window);
  const sum = new CompensatedSum();
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] as number) / referenceTotal;
    const q = (window[i] as number) / windowTotal;
    if (p === 0 && q === 0) continue;
    sum.add(((p + q) / 2) * mixtureTerm((p - q) / (p + q)));
  }
  return Math.sqrt(Math.max(sum.value, 0) / 2 / Math.LN2);
}

/** (1 + u) ln(1 + u) + (1 - u) ln(1 - u) for -1 <= u <= 1. */
function mixtureTerm(u: number): number {
  const a = Math.abs(u);
  if (a === 1) return 2 * Math.LN2;
  if (a < 0.1) {
    // sum_k u^(2k) / (k (2k - 1)); converges to 1e-17 within 9 terms for |u| < 0.1.
    const u2 = u * u;
    let power = u2;
    let total = 0;
    for (let k = 1; k <= 12; k++) {
      total += power / (k * (2 * k - 1));
      power *= u2;
    }
    return total;
  }
  return (1 + u) * Math.log1p(u) + (1 - u) * Math.log1p(-u);
}
