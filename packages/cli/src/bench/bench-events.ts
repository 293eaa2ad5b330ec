import type { InferenceEvent } from '@modelwatch/core';

/** A deterministic inference event with 20 features, like a mid-sized tabular model's. */
export function benchEvent(i: number, baseTime: number): InferenceEvent {
  const features: Record<string, number | string | boolean | null> = {};
  for (let f = 0; f < 16; f++) features[`f${f}`] = ((i * 7919 + f * 104729) % 100_000) / 1000;
  features['country'] = ['DE', 'FR', 'US', 'BR', 'IN'][i % 5]!;
  features['channel'] = i % 3 === 0 ? 'web' : 'app';
  features['is_new'] = i % 4 === 0;
  features['age'] = i % 17 === 0 ? null : 20 + (i % 50);
  const p = (i % 100) / 100;
  return {
    event_id: `bench-${i}`,
    model_id: `model-${i % 50}`,
    model_version: 'v1',
    prediction_id: `pred-${i}`,
    timestamp: baseTime + i,
    features,
    prediction: p > 0.5 ? 'yes' : 'no',
    scores: { yes: p, no: 1 - p },
    latency_ms: 3 + (i % 40),
    status: 'ok',
    segments: { region: i % 2 ? 'eu' : 'us' },
  };
}
