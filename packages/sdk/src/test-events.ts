import type { GroundTruthEvent, InferenceEvent } from '@modelwatch/core';

/** Sample events for the SDK's tests: valid unless a test changes them. */
export function sampleInference(n = 1, overrides: Partial<InferenceEvent> = {}): InferenceEvent {
  return {
    model_id: 'fraud',
    model_version: 'v3',
    prediction_id: `p-${n}`,
    timestamp: '2026-11-28T10:00:00.000Z',
    features: { amount: 12.5 * n, country: 'DE', is_new: n % 2 === 0, coupon: null },
    prediction: 'legit',
    scores: { legit: 0.9, fraud: 0.1 },
    latency_ms: 3.5,
    status: 'ok',
    segments: { channel: 'web' },
    ...overrides,
  };
}

export function sampleGroundTruth(n = 1, overrides: Partial<GroundTruthEvent> = {}): GroundTruthEvent {
  return { model_id: 'fraud', prediction_id: `p-${n}`, label: 'legit', timestamp: Date.UTC(2026, 10, 28, 11), ...overrides };
}
