import { type ImportanceInput, compareNames, importanceMap } from './importance-map.ts';
import { ndcg } from './ndcg.ts';
import { kendallTauB, spearman } from './rank-correlation.ts';

export interface ImportanceDriftOptions {
  /** NDCG cut-off: only the window's top k positions count. Default: all features. */
  readonly k?: number;
}

/** How a window's importance ranking compares with the reference ranking. */
export interface ImportanceDrift {
  /** The union of reference and window features, sorted by name: the items compared. */
  readonly features: readonly string[];
  /** Features with a reference importance but none in the window (taken as 0 in the window). */
  readonly missingInWindow: readonly string[];
  /** Features with a window importance but none in the reference (taken as 0 in the reference). */
  readonly missingInReference: readonly string[];
  /** Spearman's rank correlation of the importances; null if undefined (see `spearman`). */
  readonly spearman: number | null;
  /** Kendall's tau-b of the importances; null if undefined (see `kendallTauB`). */
  readonly kendallTauB: number | null;
  /** NDCG@k of the window ranking, the reference importances as relevance; null below 2 features. */
  readonly ndcg: number | null;
  /** The k used for NDCG (the number of features when not given, or when larger). */
  readonly k: number;
}

/**
 * Compares a window's feature importances with the reference importances of the same model
 * version over the union of their features. A feature present on one side only gets importance
 * 0 on the other: no attribution means no measured importance, and a feature that appears or
 * vanishes is itself a change the statistics should see (it ties with the other 0s, averaged
 * ranks as SciPy). The three statistics:
 * - `spearman` and `kendallTauB`: agreement of the two rankings over all features, 1 for the same
 *   order, -1 for the reversed order;
 * - `ndcg`: how much of the reference importance the window's top k recovers in order (SageMaker
 *   Clarify's attribution drift alerts below 0.90). Only the order of the window importances
 *   matters, and only the ratios of the reference importances, so mean |φ| and shares give the
 *   same value.
 */
export function compareImportance(reference: ImportanceInput, window: ImportanceInput, options: ImportanceDriftOptions = {}): ImportanceDrift {
  const ref = importanceMap(reference, 'reference importance');
  const win = importanceMap(window, 'window importance');
  const features = [...new Set([...ref.keys(), ...win.keys()])].sort(compareNames);
  const r = features.map((f) => ref.get(f) ?? 0);
  const w = features.map((f) => win.get(f) ?? 0);
  return {
    features,
    missingInWindow: features.filter((f) => !win.has(f)),
    missingInReference: features.filter((f) => !ref.has(f)),
    spearman: spearman(r, w),
    kendallTauB: kendallTauB(r, w),
    ndcg: ndcg(r, w, options.k),
    k: Math.min(options.k ?? features.length, features.length),
  };
}
