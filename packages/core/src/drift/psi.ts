import { checkCountPair, type BinCounts } from './bin-counts.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';

/**
 * The Population Stability Index of a window against the reference, on counts in the same bins:
 *
 *   PSI = sum_i (p_i - q_i) ln(p_i / q_i),  p = reference shares, q = window shares
 *
 * Empty-bin rule (Evidently's, utils.get_binned_data with feel_zeroes): a share of 0 would make
 * PSI infinite, so on each side separately every 0 share is replaced by the smallest non-zero
 * share of that side divided by 10^6 when that smallest share is <= 1e-4, else by 1e-4; the
 * shares are not renormalised. We use Evidently's rule, not a pseudocount, because Evidently is
 * the most used open implementation and its PSI thresholds (0.1, 0.2) are what users carry over;
 * the rule is bounded (an unseen category seen once in 1 000 rows adds about 0.002).
 * One addition: a bin that is empty on both sides is dropped first. Evidently's categorical path
 * never has such a bin (its bins are the categories seen), but reference-fitted bins often do
 * (the open outer bins), and filling both sides with different epsilons would add noise.
 *
 * Never NaN or Infinity: an empty side or mismatched bins throw a DriftInputError.
 * 0 for identical shares; no upper bound (a disjoint window gives about 10 to 20).
 */
export function psi(reference: BinCounts, window: BinCounts): number {
  const { referenceTotal, windowTotal } = checkCountPair(reference, window);
  const p: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const w = window[i] as number;
    if (r === 0 && w === 0) continue;
    p.push(r / referenceTotal);
    q.push(w / windowTotal);
  }
  fillZeros(p);
  fillZeros(q);
  const sum = new CompensatedSum();
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    sum.add((pi - qi) * Math.log(pi / qi));
  }
  return sum.value;
}

function fillZeros(shares: number[]): void {
  let smallest = Infinity;
  for (const s of shares) if (s !== 0 && s < smallest) smallest = s;
  const fill = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = fill;
}
