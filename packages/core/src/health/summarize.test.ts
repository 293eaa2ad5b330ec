import { describe, expect, it } from 'vitest';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { fitNumericProfile } from '../drift/numeric-profile.ts';
import { validateInferenceEvent } from '../events/inference-event.ts';
import { dataQualityAggregate } from './data-quality.ts';
import { serviceHealthAggregate } from './service-health.ts';
import { summarize } from './summarize.ts';

const health = serviceHealthAggregate();
const quality = dataQualityAggregate({ b_amount: fitNumericProfile([0, 10]), a_country: fitCategoricalProfile(['DE']) });

describe('summarize', () => {
  it('service health rows, in a stable order', () => {
    const s = health.empty();
    s.add({ status: 'ok', latencyMs: 10 });
    s.add({ status: 'error', latencyMs: null });
    const rows = summarize(s);
    expect(rows.map((r) => [r.metric, r.feature, r.sampleSize])).toEqual([
      ['throughput', null, 2], ['error_rate', null, 2], ['latency_mean_ms', null, 1],
      ['latency_p50_ms', null, 1], ['latency_p95_ms', null, 1], ['latency_p99_ms', null, 1],
    ]);
    expect(rows.map((r) => r.value)).toEqual([2, 0.5, 10, 10, 10, 10]);
  });

  it('an empty window: explicit nulls, zero sample sizes, no NaN', () => {
    const rows = [...summarize(health.empty()), ...summarize(quality.empty())];
    expect(rows.filter((r) => r.metric !== 'throughput').every((r) => r.value === null && r.sampleSize === 0)).toBe(true);
    expect(rows.find((r) => r.metric === 'throughput')).toEqual({ metric: 'throughput', feature: null, value: 0, sampleSize: 0 });
    expect(JSON.stringify(rows)).not.toContain('NaN');
  });

  it('all errors', () => {
    const s = health.empty();
    for (let i = 0; i < 3; i++) s.add({ status: 'error', latencyMs: 30_000 });
    expect(summarize(s).find((r) => r.metric === 'error_rate')).toEqual({ metric: 'error_rate', feature: null, value: 1, sampleSize: 3 });
  });

  it('data quality rows by feature, then new features', () => {
    const s = quality.empty();
    quality.add(s, { numericFeatures: { b_amount: 11 }, categoricalFeatures: { a_country: 'FR', zz: 'x' }, missingFeatures: [] });
    quality.add(s, { numericFeatures: {}, categoricalFeatures: { b_amount: 'x' }, missingFeatures: ['a_country', 'new'] });
    expect(summarize(s)).toEqual([
      { metric: 'missing_rate', feature: 'a_country', value: 0.5, sampleSize: 2 },
      { metric: 'type_mismatch_rate', feature: 'a_country', value: 0, sampleSize: 1 },
      { metric: 'unseen_category_rate', feature: 'a_country', value: 1, sampleSize: 1 },
      { metric: 'text_value_rate', feature: 'a_country', value: 0, sampleSize: 1 },
      { metric: 'missing_rate', feature: 'b_amount', value: 0, sampleSize: 2 },
      { metric: 'type_mismatch_rate', feature: 'b_amount', value: 0.5, sampleSize: 2 },
      { metric: 'out_of_range_rate', feature: 'b_amount', value: 1, sampleSize: 1 },
      { metric: 'new_feature', feature: 'new', value: 0.5, sampleSize: 2 },
      { metric: 'new_feature', feature: 'zz', value: 0.5, sampleSize: 2 },
    ]);
  });

  it('text rows: the share of texts of a text feature and of a categorical one', () => {
    const q = dataQualityAggregate({ a_country: fitCategoricalProfile(['DE']), ticket: { kind: 'text' } });
    const s = q.empty();
    const long = 't'.repeat(300);
    q.add(s, { numericFeatures: {}, categoricalFeatures: { a_country: long, ticket: long }, missingFeatures: [] });
    q.add(s, { numericFeatures: {}, categoricalFeatures: { a_country: 'DE', ticket: 'short' }, missingFeatures: [] });
    q.add(s, { numericFeatures: { ticket: 3 }, categoricalFeatures: { a_country: 'FR' }, missingFeatures: [] });
    q.add(s, { numericFeatures: {}, categoricalFeatures: {}, missingFeatures: ['a_country', 'ticket'] });
    expect(summarize(s)).toEqual([
      { metric: 'missing_rate', feature: 'a_country', value: 0.25, sampleSize: 4 },
      { metric: 'type_mismatch_rate', feature: 'a_country', value: 0, sampleSize: 3 },
      // The text is neither a seen nor an unseen category: FR of DE, FR.
      { metric: 'unseen_category_rate', feature: 'a_country', value: 0.5, sampleSize: 2 },
      { metric: 'text_value_rate', feature: 'a_country', value: 1 / 3, sampleSize: 3 },
      { metric: 'missing_rate', feature: 'ticket', value: 0.25, sampleSize: 4 },
      { metric: 'type_mismatch_rate', feature: 'ticket', value: 1 / 3, sampleSize: 3 },
      { metric: 'text_value_rate', feature: 'ticket', value: 1 / 3, sampleSize: 3 },
    ]);
  });

  it('all missing', () => {
    const s = quality.empty();
    quality.add(s, { numericFeatures: {}, categoricalFeatures: {}, missingFeatures: ['a_country', 'b_amount'] });
    const rows = summarize(s);
    expect(rows.filter((r) => r.metric === 'missing_rate').map((r) => r.value)).toEqual([1, 1]);
    expect(rows.filter((r) => r.metric !== 'missing_rate').every((r) => r.value === null && r.sampleSize === 0)).toBe(true);
  });

  it('takes validated inference records directly', () => {
    const result = validateInferenceEvent({
      model_id: 'm', model_version: '1', prediction_id: 'p', timestamp: 1795860000000, prediction: 'x',
      features: { b_amount: 5, a_country: 'DE', flag: true, age: null }, latency_ms: 12, status: 'error',
    });
    if (!result.ok) throw new Error(result.reason);
    const h = health.empty();
    health.add(h, result.value);
    const q = quality.empty();
    quality.add(q, result.value);
    expect(summarize(h).slice(0, 2).map((r) => r.value)).toEqual([1, 1]);
    expect(summarize(q).filter((r) => r.metric === 'new_feature').map((r) => r.feature)).toEqual(['age', 'flag']);
  });
});
