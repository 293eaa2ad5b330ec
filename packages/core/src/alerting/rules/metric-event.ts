import type { Validation } from '../../events/validation.ts';
import type { MetricStatus } from '../../monitoring/metric-value.ts';

/** One metric row of a metric event, as on the wire (`model_metrics` columns, snake_case). */
export interface MetricEventRow {
  readonly metric: string;
  /** The feature, class or detector type; '' for a model-level metric. */
  readonly feature: string;
  readonly value: number | null;
  readonly sample_size: number;
  readonly threshold: number | null;
  readonly status: MetricStatus;
}

/**
 * What the metrics service publishes to `modelwatch.metrics`: one record per evaluated window and
 * series (schemas/README.md "Metric event"). A window evaluated again is published again.
 */
export interface MetricEvent {
  readonly model_id: string;
  readonly model_version: string;
  /** Both '' for the unsegmented series. */
  readonly segment_name: string;
  readonly segment_value: string;
  readonly window_start: number;
  readonly window_end: number;
  /** The reference the window was scored against; null when it had none. */
  readonly reference_id: string | null;
  readonly computed_at: number;
  readonly metrics: readonly MetricEventRow[];
}

const STATUSES: readonly MetricStatus[] = ['ok', 'alert', 'insufficient_data', 'no_reference'];

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a decoded metric event; the reason names every problem found. */
export function parseMetricEvent(json: unknown): Validation<MetricEvent> {
  if (!isObject(json)) return { ok: false, reason: 'a metric event must be a JSON object' };
  const problems: string[] = [];
  const str = (key: string, nonEmpty = false): string => {
    const v = json[key];
    if (typeof v !== 'string' || (nonEmpty && v === '')) {
      problems.push(`${key}: expected a${nonEmpty ? ' non-empty' : ''} string`);
      return '';
    }
    return v;
  };
  const time = (key: string): number => {
    const v = json[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      problems.push(`${key}: expected epoch milliseconds (a non-negative integer)`);
      return 0;
    }
    return v;
  };
  const modelId = str('model_id', true);
  const modelVersion = str('model_version');
  const segmentName = str('segment_name');
  const segmentValue = str('segment_value');
  if (segmentName === '' && segmentValue !== '') problems.push('segment_value: set without segment_name');
  const windowStart = time('window_start');
  const windowEnd = time('window_end');
  if (windowEnd <= windowStart && problems.length === 0) problems.push('window_end: must be after window_start');
  const referenceId = json.reference_id ?? null;
  if (referenceId !== null && typeof referenceId !== 'string') problems.push('reference_id: expected a string or null');
  const computedAt = time('computed_at');
  const metrics: MetricEventRow[] = [];
  if (!Array.isArray(json.metrics)) problems.push('metrics: expected a list');
  else json.metrics.forEach((row, i) => {
    const parsed = parseRow(row, `metrics[${i}]`, problems);
    if (parsed) metrics.push(parsed);
  });
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return {
    ok: true,
    value: {
      model_id: modelId, model_version: modelVersion, segment_name: segmentName, segment_value: segmentValue,
      window_start: windowStart, window_end: windowEnd, reference_id: referenceId as string | null, computed_at: computedAt, metrics,
    },
  };
}

function parseRow(row: unknown, path: string, problems: string[]): MetricEventRow | undefined {
  if (!isObject(row)) {
    problems.push(`${path}: expected an object`);
    return undefined;
  }
  const before = problems.length;
  const { metric, feature, value, sample_size: sampleSize, threshold, status } = row;
  if (typeof metric !== 'string' || metric === '') problems.push(`${path}.metric: expected a non-empty string`);
  if (typeof feature !== 'string') problems.push(`${path}.feature: expected a string ('' for model-level metrics)`);
  const finiteOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
  if (!finiteOrNull(value)) problems.push(`${path}.value: expected a finite number or null`);
  if (typeof sampleSize !== 'number' || !Number.isInteger(sampleSize) || sampleSize < 0) problems.push(`${path}.sample_size: expected a non-negative integer`);
  if (!finiteOrNull(threshold ?? null)) problems.push(`${path}.threshold: expected a finite number or null`);
  if (!STATUSES.includes(status as MetricStatus)) problems.push(`${path}.status: expected one of ${STATUSES.join(', ')}`);
  if (problems.length > before) return undefined;
  return {
    metric: metric as string, feature: feature as string, value: value as number | null, sample_size: sampleSize as number,
    threshold: (threshold ?? null) as number | null, status: status as MetricStatus,
  };
}
