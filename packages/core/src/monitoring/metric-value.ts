/**
 * The verdict on one metric value:
 * - `ok`: computed, and within its threshold (or it has none);
 * - `alert`: computed and past its threshold (drift detected, a significant performance change);
 * - `insufficient_data`: too few values for a trustworthy value (below the minimum sample size);
 * - `no_reference`: the model version has no reference profile yet.
 */
export type MetricStatus = 'ok' | 'alert' | 'insufficient_data' | 'no_reference';

/** One metric of one window and series: a row of the long-format `model_metrics` table. */
export interface MetricValue {
  /** A stable name from METRIC_NAMES (see monitoring/README.md). */
  readonly metric: string;
  /** The feature (or class, for per-class metrics); '' for a model-level metric. */
  readonly feature: string;
  /** null when undefined for the window (no sample): never NaN or Infinity. */
  readonly value: number | null;
  /** The values it was computed over: its denominator. */
  readonly sampleSize: number;
  /** The threshold the status was decided on, when there is one. */
  readonly threshold: number | null;
  readonly status: MetricStatus;
}
