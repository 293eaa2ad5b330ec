import { type ImportanceInput, compareNames, importanceMap } from './importance-map.ts';

/** One feature's place in an importance ranking. */
export interface RankedFeature {
  readonly feature: string;
  readonly importance: number;
  /** importance / Σ importance over the ranked features; all 0 when every importance is 0. */
  readonly share: number;
  /** 1-based position in the ranking (ties get distinct, consecutive positions by name). */
  readonly rank: number;
}

/**
 * Features by importance, highest first; equal importances by feature name (code units), so the
 * order never depends on insertion order. Input: importances ≥ 0, e.g.
 * `AttributionAggregate.importances()` (mean |φ|) or mutual information per feature.
 */
export function rankImportance(importance: ImportanceInput): RankedFeature[] {
  const map = importanceMap(importance, 'importance');
  let total = 0;
  for (const v of map.values()) total += v;
  return [...map]
    .sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0]))
    .map(([feature, value], i) => ({ feature, importance: value, share: total > 0 ? value / total : 0, rank: i + 1 }));
}
