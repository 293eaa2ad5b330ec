import { checkCountPair, type BinCounts } from './bin-counts.ts';
import { chiSquareSurvival } from './chi-square-distribution.ts';
import { CompensatedSum } from '../numeric/compensated-sum.ts';

export interface ChiSquareOptions {
  /**
   * Yates' continuity correction when there is one degree of freedom (two non-empty bins), as
   * `chi2_contingency(table)` does by default and NannyML gets. Default false: one statistic,
   * the plain Pearson one, for every number of bins, so scores of a binary and a multi-valued
   * feature mean the same thing; the correction only matters for small counts.
   */
  readonly yatesCorrection?: boolean;
}

export interface ChiSquareResult {
  readonly statistic: number;
  /** Non-empty bins - 1. */
  readonly dof: number;
  readonly pValue: number;
}

/**
 * Pearson's chi-square test of homogeneity on the 2 x k table [reference counts; window counts]
 * (SciPy: `scipy.stats.chi2_contingency(table, correction=...)`): do both samples come from one
 * distribution?
 *
 * Expected counts: E = row total * column total / grand total, so both samples' sampling noise
 * is accounted for. This is a test of homogeneity, not goodness of fit: Evidently instead treats
 * the reference shares as exact (E = reference share * window total), which overstates drift
 * when the reference is not much larger than the window, and gives an infinite statistic for a
 * window value in a bin the reference never saw. Here an expected count is 0 only for a bin
 * empty on both sides; such bins are dropped (SciPy would refuse the table), and so are the
 * degrees of freedom they would add. With fewer than two non-empty bins the statistic is 0 with
 * 0 degrees of freedom and p = 1, as in SciPy.
 *
 * Never NaN or Infinity: an empty side or mismatched bins throw a DriftInputError. The
 * chi-square approximation wants expected counts of about 5 or more: see minimumWindowSize.
 */
export function chiSquareTest(reference: BinCounts, window: BinCounts, options: ChiSquareOptions = {}): ChiSquareResult {
  const { yatesCorrection = false } = options;
  const { referenceTotal, windowTotal } = checkCountPair(reference, window);
  const total = referenceTotal + windowTotal;
  let used = 0;
  for (let i = 0; i < reference.length; i++) if ((reference[i] as number) + (window[i] as number) > 0) used++;
  if (used < 2) return { statistic: 0, dof: 0, pValue: 1 };
  const dof = used - 1;
  const correct = yatesCorrection && dof === 1;
  const sum = new CompensatedSum();
  for (let i = 0; i < reference.length; i++) {
    const column = (reference[i] as number) + (window[i] as number);
    if (column === 0) continue;
    sum.add(term(reference[i] as number, (referenceTotal * column) / total, correct));
    sum.add(term(window[i] as number, (windowTotal * column) / total, correct));
  }
  const statistic = sum.value;
  return { statistic, dof, pValue: chiSquareSurvival(statistic, dof) };
}

function term(observed: number, expected: number, yates: boolean): number {
  let o = observed;
  if (yates) {
    // Moves the observed count toward the expected one by 0.5, never past it (SciPy gh-13875).
    const diff = expected - observed;
    o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
  }
  return (o - expected) ** 2 / expected;
}
