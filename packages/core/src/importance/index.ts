// Feature importance: per-prediction attributions (e.g. SHAP) aggregated as mergeable window
// state, importance rankings, importance drift against a reference ranking (Spearman, Kendall's
// tau-b, NDCG@k), drifted features ranked by drift × importance for root cause, and mutual
// information between a feature's bins and the label or error indicator for models that send no
// attributions. Pure computation: no I/O. Checked against SciPy and scikit-learn
// (test/golden/importance, written by scripts/golden/importance/make_importance_fixtures.py).
export { ImportanceInputError } from './importance-input-error.ts';
export type { ImportanceInput } from './importance-map.ts';
export {
  AttributionAggregate,
  type AbsentAttribution,
  type AttributionAggregateJSON,
  type FeatureAttribution,
  type FeatureAttributionJSON,
} from './attribution-aggregate.ts';
export { rankImportance, type RankedFeature } from './importance-ranking.ts';
export { averageRanks, kendallTauB, spearman } from './rank-correlation.ts';
export { ndcg } from './ndcg.ts';
export { compareImportance, type ImportanceDrift, type ImportanceDriftOptions } from './importance-drift.ts';
export { rankRootCauses, type FeatureDrift, type RootCause } from './root-cause.ts';
export { ContingencyTable, type ContingencyTableJSON } from './contingency-table.ts';
export { mutualInformation, normalizedMutualInformation } from './mutual-information.ts';
