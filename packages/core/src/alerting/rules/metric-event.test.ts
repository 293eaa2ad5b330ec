import { describe, expect, it } from 'vitest';
import { parseMetricEvent } from './metric-event.ts';

const wire = {
  model_id: 'fraud-detector', model_version: '4.2.0', segment_name: '', segment_value: '',
  window_start: 1795860000000, window_end: 1795860060000, reference_id: '9c1e', computed_at: 1795860181000,
  metrics: [
    { metric: 'drift', feature: 'amount', value: 0.0004, sample_size: 812, threshold: 0.05, status: 'alert' },
    { metric: 'accuracy', feature: '', value: null, sample_size: 0, threshold: null, status: 'insufficient_data' },
  ],
};

describe('parseMetricEvent', () => {
  it('accepts the schemas/README.md example as it is', () => {
    expect(parseMetricEvent(JSON.parse(JSON.stringify(wire)))).toEqual({ ok: true, value: wire });
    expect(parseMetricEvent({ ...wire, reference_id: null })).toMatchObject({ ok: true, value: { reference_id: null } });
  });

  it('names every problem', () => {
    const result = parseMetricEvent({ ...wire, model_id: '', window_start: 'x', metrics: [{ ...wire.metrics[0], status: 'bad', value: 'NaN' }, 3] });
    expect(result).toEqual({
      ok: false,
      reason: 'model_id: expected a non-empty string; window_start: expected epoch milliseconds (a non-negative integer); '
        + 'metrics[0].value: expected a finite number or null; metrics[0].status: expected one of ok, alert, insufficient_data, no_reference; metrics[1]: expected an object',
    });
    expect(parseMetricEvent([])).toEqual({ ok: false, reason: 'a metric event must be a JSON object' });
    expect(parseMetricEvent({ ...wire, window_end: wire.window_start })).toEqual({ ok: false, reason: 'window_end: must be after window_start' });
  });
});
