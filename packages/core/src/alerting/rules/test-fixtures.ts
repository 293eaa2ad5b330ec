import type { MetricEvent, MetricEventRow } from './metric-event.ts';
import type { Rule } from './rule.ts';
import { validateRule } from './rule-parser.ts';

/** Fixtures for the rules tests (a `test-` file: the purity test skips it). */
export const MINUTE = 60_000;
export const T0 = 1_795_860_000_000;

export function rule(data: Record<string, unknown>): Rule {
  const parsed = validateRule(data);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.rule;
}

export function row(metric: string, value: number | null, extra: Partial<MetricEventRow> = {}): MetricEventRow {
  return { metric, feature: '', value, sample_size: 500, threshold: null, status: 'ok', ...extra };
}

/** The event of the 1-minute window number `index` (from T0). */
export function windowEvent(index: number, metrics: readonly MetricEventRow[], extra: Partial<MetricEvent> = {}): MetricEvent {
  const start = T0 + index * MINUTE;
  return {
    model_id: 'fraud-detector', model_version: '4.2.0', segment_name: '', segment_value: '', window_start: start, window_end: start + MINUTE,
    reference_id: 'ref-1', computed_at: start + 3 * MINUTE, metrics, ...extra,
  };
}

/** Processing time of window `index`: its end plus the allowed lateness. */
export function at(index: number): number {
  return T0 + (index + 3) * MINUTE;
}
