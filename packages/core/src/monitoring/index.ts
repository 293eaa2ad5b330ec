export { fitReferenceProfile, referenceIdOf, type FitReferenceInput, type FitReferenceOptions } from './fit-reference-profile.ts';
export { parseReferenceProfile } from './parse-reference-profile.ts';
export { ReferenceProfileError } from './reference-profile-error.ts';
export { numericWithMissing, referenceRowFromInference, withLabel, type RowLabel } from './reference-rows.ts';
export type { FeatureReference, ReferenceEstimation, ReferencePerformance, ReferenceProfile, ReferenceRow } from './reference-profile.ts';
export { inputTimeMs, type OutcomeRecord, type WindowInput } from './window-input.ts';
export type { MetricStatus, MetricValue } from './metric-value.ts';
export { CATEGORICAL_DRIFT_METHODS, DEFAULT_MONITORING_OPTIONS, NUMERIC_DRIFT_METHODS, type CategoricalDriftMethod, type MonitoringOptions, type NumericDriftMethod } from './monitoring-options.ts';
export { BottomKSample, combineKey, fmix32, fnv1a32, sampleKey, type BottomKSampleJSON } from './bottom-k-sample.ts';
export {
  ExactSum, ModelWindowState, predictedClass, ReferenceWindow, referenceScoring, UNREFERENCED_FEATURE_CAPACITY,
  type ExactSumJSON, type FeatureWindowCounts, type ModelWindowStateJSON, type ModelWindowStateOptions, type ReferenceWindowJSON,
} from './model-window-state.ts';
export { modelWindowAggregate } from './model-window-aggregate.ts';
export { METRIC_DOCS, METRIC_NAMES, type MonitoringMetricName } from './metric-names.ts';
export { absoluteErrorPValue, evaluateWindow, twoProportionPValue } from './evaluate-window.ts';
export {
  DEFAULT_NULL_THRESHOLD_CACHE_ENTRIES, NullThresholdCache, type NullThresholdCacheOptions, type NullThresholdKey,
} from './null-threshold-cache.ts';
export { scoringReference } from './scoring-reference.ts';
export {
  binnedScores, CategoricalSketch, CategoryLayout, DEFAULT_LOG_MAX_BUCKETS, DEFAULT_LOG_RELATIVE_ACCURACY, DEFAULT_OTHER_CAPACITY, ksBounds, ksDecision,
  LogBucketSketch, MAX_KEPT_VALUE_LENGTH, NumericBinLayout, NumericBinSketch, POSITION_SCALE, SketchDecodeError, wassersteinBounds,
  type AlignedBins, type BinnedScores, type CategoricalSketchOptions, type KsBounds, type LogBucketSketchOptions, type NumericBinLayoutJSON,
  type NumericBinLayoutOptions, type ProfileCounts, type SideBins, type WassersteinBounds,
} from './sketch/index.ts';
