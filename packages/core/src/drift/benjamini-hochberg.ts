import { DriftInputError } from './drift-input-error.ts';

export interface BenjaminiHochbergResult {
  /** BH-adjusted p-values (q-values), in the input order; compare with the false discovery rate. */
  readonly adjusted: number[];
  /** Which hypotheses are rejected at the false discovery rate `alpha`, in the input order. */
  readonly rejected: boolean[];
}

/**
 * The Benjamini-Hochberg step-up procedure across many tests, one per feature of a model (or per
 * feature and segment): the expected share of false alarms among the features flagged stays at
 * most `alpha` when the tests are independent or positively dependent, where testing each feature
 * at alpha would flag about alpha * m features of a model that did not drift at all.
 *
 * Matches statsmodels' `multipletests(p, alpha, method='fdr_bh')` (adjusted p-values and
 * rejections, step for step: p_(i) / (i / m), the running minimum from the largest, clipped at
 * 1) and `scipy.stats.false_discovery_control(p, method='bh')`, to 1e-12 relative.
 *
 * p-values must be in [0, 1]; a NaN is refused, not skipped, since dropping a test silently
 * changes m for all the others.
 */
export function benjaminiHochberg(pValues: readonly number[], options: { alpha?: number } = {}): BenjaminiHochbergResult {
  const { alpha = 0.05 } = options;
  if (!(alpha > 0 && alpha < 1)) throw new DriftInputError(`alpha must be within (0, 1), got ${alpha}`);
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new DriftInputError(`p-value ${i} is ${p}; p-values must be within [0, 1]`);
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const adjustedSorted = new Array<number>(m);
  let lastRejected = -1;
  for (let rank = 0; rank < m; rank++) {
    const p = pValues[order[rank] as number] as number;
    const ecdf = (rank + 1) / m;
    adjustedSorted[rank] = p / ecdf;
    if (p <= ecdf * alpha) lastRejected = rank;
  }
  for (let rank = m - 2; rank >= 0; rank--) {
    adjustedSorted[rank] = Math.min(adjustedSorted[rank] as number, adjustedSorted[rank + 1] as number);
  }
  const adjusted = new Array<number>(m);
  const rejected = new Array<boolean>(m);
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank] as number;
    adjusted[i] = Math.min(adjustedSorted[rank] as number, 1);
    rejected[i] = rank <= lastRejected;
  }
  return { adjusted, rejected };
}
