import type { MetricEventRow } from './metric-event.ts';
import type { Condition, MetricRule } from './rule.ts';

/** One condition on one row: whether it holds, and the threshold (in the metric's unit) it was held against. */
export interface ConditionResult {
  readonly holds: boolean;
  readonly threshold: number | null;
}

/** The baseline mean of the series' previous `windows` windows, undefined while there are fewer. */
export type BaselineOf = (windows: number) => number | undefined;

/** A row counts for a rule when the metrics engine could decide it and it is big enough. */
export function rowCounts(rule: MetricRule, row: MetricEventRow): boolean {
  return row.value !== null && (row.status === 'ok' || row.status === 'alert') && row.sample_size >= rule.minSampleSize;
}

/** undefined when the condition cannot be decided (a change without enough baseline, or against a zero mean). */
export function testCondition(condition: Condition, row: MetricEventRow, baselineOf: BaselineOf): ConditionResult | undefined {
  const value = row.value;
  if (value === null) return undefined;
  switch (condition.kind) {
    case 'status':
      return { holds: row.status === 'alert', threshold: row.threshold };
    case 'above':
      return { holds: value > condition.value, threshold: condition.value };
    case 'below':
      return { holds: value < condition.value, threshold: condition.value };
    case 'outside':
      return { holds: value < condition.low || value > condition.high, threshold: value < condition.low ? condition.low : condition.high };
    case 'change': {
      const mean = baselineOf(condition.baselineWindows);
      if (mean === undefined || (condition.relative && mean === 0)) return undefined;
      // The threshold is reported in the metric's unit, so `{{threshold}}` reads as "latency above 420 ms".
      const threshold = condition.relative ? mean + Math.abs(mean) * condition.by : mean + condition.by;
      return { holds: condition.direction === 'above' ? value > threshold : value < threshold, threshold };
    }
  }
}
