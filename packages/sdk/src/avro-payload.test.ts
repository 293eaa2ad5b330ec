import { describe, expect, it } from 'vitest';
import { toAvroPayload } from './avro-payload.ts';
import { checkGroundTruthEvent, checkInferenceEvent } from './event-check.ts';
import { sampleGroundTruth, sampleInference } from './test-events.ts';

describe('toAvroPayload', () => {
  it('converts an ISO time to epoch ms and gives every optional field, null when absent', () => {
    const event = sampleInference(1, { scores: undefined, segments: null });
    delete event.latency_ms;
    delete event.status;
    const payload = toAvroPayload(checkInferenceEvent(event));
    expect(payload).toEqual({
      event_id: null,
      model_id: 'fraud',
      model_version: 'v3',
      prediction_id: 'p-1',
      timestamp: Date.parse('2026-11-28T10:00:00.000Z'),
      features: { amount: 12.5, country: 'DE', is_new: false, coupon: null },
      prediction: 'legit',
      scores: null,
      latency_ms: null,
      status: null,
      segments: null,
      attributions: null,
    });
  });

  it('copies maps so the caller may reuse its objects', () => {
    const event = sampleInference(1);
    const payload = toAvroPayload(checkInferenceEvent(event));
    event.features['amount'] = 99;
    event.scores!['legit'] = 0;
    expect((payload['features'] as Record<string, unknown>)['amount']).toBe(12.5);
    expect((payload['scores'] as Record<string, unknown>)['legit']).toBe(0.9);
  });

  it('drops fields the schema does not have', () => {
    const payload = toAvroPayload(checkGroundTruthEvent({ ...sampleGroundTruth(1, { timestamp: '2026-11-28T11:00:00+01:00' }), extra: 1 } as never));
    expect(payload).toEqual({ event_id: null, model_id: 'fraud', prediction_id: 'p-1', label: 'legit', timestamp: Date.UTC(2026, 10, 28, 10) });
  });
});
