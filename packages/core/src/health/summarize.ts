import { DataQualityState, dataQualityMetrics } from './data-quality.ts';
import { ServiceHealthState, serviceHealthMetrics } from './service-health.ts';

/** Stable metric names, as the long-format metrics table stores them (see README.md). */
export const HEALTH_METRICS = [
  'throughput',
  'error_rate',
  'latency_mean_ms',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
] as const;
export const QUALITY_METRICS = ['missing_rate', 'type_mismatch_rate', 'out_of_range_rate', 'unseen_category_rate', 'text_value_rate', 'new_feature'] as const;

export type HealthMetricName = (typeof HEALTH_METRICS)[number];
export type QualityMetricName = (typeof QUALITY_METRICS)[number];
export type MetricName = HealthMetricName | QualityMetricName;

/** One row of the long-format metrics table (the window and series keys are added by the caller). */
export interface MetricRow {
  readonly metric: MetricName;
  /** The feature, or null for a model-level metric. */
  readonly feature: string | null;
  /** null when the metric is undefined for the window (no sample): never NaN. */
  readonly value: number | null;
  /** Events (or values) the value was computed over: its denominator. */
  readonly sampleSize: number;
}

/**
 * A window state as flat rows, in a stable order: service health rows in HEALTH_METRICS order;
 * data quality rows by feature (code-unit order) with missing_rate, type_mismatch_rate and then
 * out_of_range_rate (numeric), unseen_category_rate and text_value_rate (categorical) or
 * text_value_rate (text), then one new_feature row per tracked new feature, by name.
 */
export function summarize(state: ServiceHealthState | DataQualityState): MetricRow[] {
  return state instanceof ServiceHealthState ? summarizeHealth(state) : summarizeQuality(state);
}

export function summarizeHealth(state: ServiceHealthState): MetricRow[] {
  const m = serviceHealthMetrics(state);
  const row = (metric: HealthMetricName, value: number | null, sampleSize: number): MetricRow => ({ metric, feature: null, value, sampleSize });
  return [
    row('throughput', m.throughput, m.throughput),
    row('error_rate', m.errorRate, m.throughput),
    row('latency_mean_ms', m.latencyMeanMs, m.latencyCount),
    row('latency_p50_ms', m.latencyP50Ms, m.latencyCount),
    row('latency_p95_ms', m.latencyP95Ms, m.latencyCount),
    row('latency_p99_ms', m.latencyP99Ms, m.latencyCount),
  ];
}

export function summarizeQuality(state: DataQualityState): MetricRow[] {
  const m = dataQualityMetrics(state, 0);
  const rows: MetricRow[] = [];
  for (const f of m.features) {
    rows.push({ metric: 'missing_rate', feature: f.feature, value: f.missingRate, sampleSize: m.events });
    rows.push({ metric: 'type_mismatch_rate', feature: f.feature, value: f.typeMismatchRate, sampleSize: f.presentCount });
    if (f.kind === 'numeric') rows.push({ metric: 'out_of_range_rate', feature: f.feature, value: f.outOfRangeRate, sampleSize: f.checkedCount });
    if (f.kind === 'categorical') rows.push({ metric: 'unseen_category_rate', feature: f.feature, value: f.unseenRate, sampleSize: f.checkedCount });
    if (f.kind !== 'numeric') rows.push({ metric: 'text_value_rate', feature: f.feature, value: f.textRate, sampleSize: f.presentCount });
  }
  for (const n of m.newFeatures) rows.push({ metric: 'new_feature', feature: n.feature, value: n.rate, sampleSize: m.events });
  return rows;
}
