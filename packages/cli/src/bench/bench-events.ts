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

/** Models of the monitoring benchmark: event i belongs to `model-${i % MONITORED_MODELS}`. */
export const MONITORED_MODELS = 1000;

/** A 32-bit mix of (i, salt), so a model's events (every 1000th i) still vary in every field. */
function mix(i: number, salt: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * An inference event of the monitoring benchmark: the 20 features of `benchEvent`, spread over
 * MONITORED_MODELS models, at event time `baseTime + i * stepMs` (so the run crosses many 1-minute
 * windows). Values come from a hash of i: with `i % 1000` picking the model, `benchEvent`'s
 * `i % 5`-style values would be constant within a model.
 */
export function monitoringEvent(i: number, baseTime: number, stepMs: number): InferenceEvent {
  const features: Record<string, number | string | boolean | null> = {};
  for (let f = 0; f < 16; f++) features[`f${f}`] = (mix(i, f) % 100_000) / 1000;
  features['country'] = ['DE', 'FR', 'US', 'BR', 'IN'][mix(i, 16) % 5]!;
  features['channel'] = mix(i, 17) % 3 === 0 ? 'web' : 'app';
  features['is_new'] = mix(i, 18) % 4 === 0;
  const age = mix(i, 19);
  features['age'] = age % 17 === 0 ? null : 20 + (age % 50);
  const p = (mix(i, 20) % 100) / 100;
  return {
    event_id: `mon-${i}`,
    model_id: `model-${i % MONITORED_MODELS}`,
    model_version: 'v1',
    prediction_id: `mpred-${i}`,
    timestamp: baseTime + Math.floor(i * stepMs),
    features,
    prediction: p > 0.5 ? 'yes' : 'no',
    scores: { yes: p, no: 1 - p },
    latency_ms: 3 + (mix(i, 21) % 40),
    status: 'ok',
    segments: { region: mix(i, 22) % 2 ? 'eu' : 'us' },
  };
}

/** The label `monitoringEvent(i)` would get: 'yes' with its score's probability (a calibrated model). */
export function monitoringLabel(i: number): 'yes' | 'no' {
  return mix(i, 23) % 100 < mix(i, 20) % 100 ? 'yes' : 'no';
}

/**
 * Indexes of the reference rows of model `model`: `rows` events of the same generator that are
 * not in the measured stream (it starts at 0), all of that model.
 */
export function referenceIndexes(model: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, k) => 1_000_000_000 + model + k * MONITORED_MODELS);
}

/**
 * The clock tick of the monitoring benchmark: one per partition (sent with an explicit
 * partition), at an event time past every window's end plus lateness, so the watermark of every
 * partition closes every window. Model 'clock' has no reference; its own window stays open.
 */
export function tickEvent(partition: number, timeMs: number): InferenceEvent {
  return { model_id: 'clock', model_version: 'v1', prediction_id: `tick-${partition}`, timestamp: timeMs, features: {}, prediction: 0 };
}
