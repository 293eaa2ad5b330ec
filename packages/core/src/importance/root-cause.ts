import { ImportanceInputError } from './importance-input-error.ts';
import { type ImportanceInput, compareNames, importanceMap } from './importance-map.ts';

/** One feature's drift result, as the drift statistics give it. */
export interface FeatureDrift {
  readonly feature: string;
  /** The drift statistic (PSI, Jensen-Shannon distance, …), finite and ≥ 0; larger = more drift. */
  readonly drift: number;
  /** Whether the feature counts as drifted (e.g. after Benjamini-Hochberg). Default true. */
  readonly drifted?: boolean;
}

/** A drifted feature with its share of the blame. */
export interface RootCause {
  readonly feature: string;
  readonly drift: number;
  /** The feature's importance / Σ importance over every feature in the importance input; 0 if unknown. */
  readonly importanceShare: number;
  /** Whether the importance input has the feature at all. */
  readonly importanceKnown: boolean;
  /** drift × importanceShare. */
  readonly score: number;
  /** 1-based position. */
  readonly rank: number;
}

/**
 * Drifted features ranked for root cause by drift × importance (as DataRobot's and Fiddler's
 * "importance × drift"). Normalisation:
 * - importance becomes a share, importance / Σ importance over **all** features of the importance
 *   input (not only the drifted ones), so shares of a model sum to 1 and a score does not change
 *   when another feature starts or stops drifting; all-zero importance gives shares of 0;
 * - the drift statistic is used as given. Use one statistic for every feature of a ranking (scores
 *   of PSI and of a distance are not comparable).
 *
 * A drifted feature missing from the importance input gets share 0 (`importanceKnown: false`)
 * and ranks after every feature with a positive score. Features with `drifted: false` are left
 * out. Order: score descending, then drift descending, then importance share descending, then
 * feature name (code units) ascending, so the order is total and independent of input order.
 */
export function rankRootCauses(drift: readonly FeatureDrift[], importance: ImportanceInput): RootCause[] {
  const imp = importanceMap(importance, 'importance');
  let total = 0;
  for (const v of imp.values()) total += v;
  const seen = new Set<string>();
  const rows: Omit<RootCause, 'rank'>[] = [];
  for (const d of drift) {
    if (typeof d.feature !== 'string') throw new ImportanceInputError('each drift result must name its feature');
    if (seen.has(d.feature)) throw new ImportanceInputError(`feature ${JSON.stringify(d.feature)} appears twice`);
    seen.add(d.feature);
    if (typeof d.drift !== 'number' || !Number.isFinite(d.drift) || d.drift < 0) {
      throw new ImportanceInputError(`drift of feature ${JSON.stringify(d.feature)} must be a finite number ≥ 0, got ${String(d.drift)}`);
    }
    if (d.drifted === false) continue;
    const value = imp.get(d.feature);
    const share = value !== undefined && total > 0 ? value / total : 0;
    rows.push({ feature: d.feature, drift: d.drift, importanceShare: share, importanceKnown: value !== undefined, score: d.drift * share });
  }
  rows.sort((a, b) => b.score - a.score || b.drift - a.drift || b.importanceShare - a.importanceShare || compareNames(a.feature, b.feature));
  return rows.map((r, i) => ({ ...r, rank: i + 1 }));
}
