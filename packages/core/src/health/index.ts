// Service health and data quality per window: a DDSketch latency sketch, service health
// (throughput, errors, latency percentiles) and data quality against a reference profile
// (missing, out of range, unseen categories, type mismatch, new features), all mergeable window
// state for the window store, and `summarize` into long-format metric rows. Pure computation.
export { HealthInputError } from './health-input-error.ts';
export {
  DEFAULT_MAX_BUCKETS,
  DEFAULT_MIN_VALUE,
  DEFAULT_RELATIVE_ACCURACY,
  LatencySketch,
  type LatencySketchJSON,
  type LatencySketchOptions,
} from './latency-sketch.ts';
export { ValueSampleCounts, valueHash, type ValueCount, type ValueSampleCountsJSON } from './value-sample-counts.ts';
export {
  serviceHealthAggregate,
  serviceHealthMetrics,
  ServiceHealthState,
  type HealthEvent,
  type ServiceHealthMetrics,
  type ServiceHealthStateJSON,
} from './service-health.ts';
export {
  DEFAULT_NEW_FEATURE_CAPACITY,
  DEFAULT_TOP_UNSEEN,
  DEFAULT_UNSEEN_VALUE_CAPACITY,
  dataQualityAggregate,
  dataQualityMetrics,
  DataQualityState,
  type DataQualityMetrics,
  type DataQualityOptions,
  type DataQualityStateJSON,
  type FeatureQualityCounts,
  type FeatureQualityMetrics,
  type NewFeatureMetrics,
  type QualityEvent,
  type QualityReference,
} from './data-quality.ts';
export {
  HEALTH_METRICS,
  QUALITY_METRICS,
  summarize,
  summarizeHealth,
  summarizeQuality,
  type HealthMetricName,
  type MetricName,
  type MetricRow,
  type QualityMetricName,
} from './summarize.ts';
