import { ImportanceInputError } from './importance-input-error.ts';

/**
 * Normalized discounted cumulative gain of one ranking, as sklearn.metrics.ndcg_score with one
 * sample, `k` and the default `ignore_ties=False`:
 * - items are ordered by `scores`, highest first; the gain of position i (0-based) is
 *   `relevance` × 1 / log2(i + 2), and positions ≥ k count 0;
 * - tied scores: each item of a tied group gets the group's mean relevance and the group shares
 *   the discounts of the positions it spans (sklearn's `_tie_averaged_dcg`), so the value does not
 *   depend on how ties are broken;
 * - normalised by the ideal DCG (items ordered by relevance, ties irrelevant there); 0 when every
 *   relevance is 0 (sklearn's rule).
 *
 * Relevance must be ≥ 0 (sklearn refuses negatives). null for fewer than two items, where sklearn
 * raises ("only meaningful when there is more than one document").
 */
export function ndcg(relevance: readonly number[], scores: readonly number[], k?: number): number | null {
  if (relevance.length !== scores.length) throw new ImportanceInputError(`relevance and scores must have equal lengths, got ${relevance.length} and ${scores.length}`);
  for (const r of relevance) {
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) throw new ImportanceInputError(`relevance must be finite and ≥ 0, got ${String(r)}`);
  }
  for (const s of scores) {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new ImportanceInputError(`scores must be finite, got ${String(s)}`);
  }
  if (k !== undefined && !(Number.isSafeInteger(k) && k >= 1)) throw new ImportanceInputError(`k must be a positive integer, got ${String(k)}`);
  const n = relevance.length;
  if (n < 2) return null;
  const cutoff = Math.min(k ?? n, n);
  // sklearn: discount = 1 / (np.log(np.arange(n) + 2) / np.log(2)), zero from position k on.
  const discount = Array.from({ length: n }, (_, i) => (i < cutoff ? 1 / (Math.log(i + 2) / Math.log(2)) : 0));

  const ideal = [...relevance].sort((a, b) => b - a);
  let idealDcg = 0;
  for (let i = 0; i < cutoff; i++) idealDcg += (ideal[i] as number) * (discount[i] as number);
  if (idealDcg === 0) return 0;

  // Tie-averaged DCG: groups of equal score, highest first.
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let dcg = 0;
  let position = 0;
  while (position < n && position < cutoff) {
    let end = position;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[position] as number]) end++;
    let gain = 0;
    let discountSum = 0;
    for (let t = position; t <= end; t++) {
      gain += relevance[order[t] as number] as number;
      discountSum += discount[t] as number;
    }
    dcg += (gain / (end - position + 1)) * discountSum;
    position = end + 1;
  }
  return dcg / idealDcg;
}
