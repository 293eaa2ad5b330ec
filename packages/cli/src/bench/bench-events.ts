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

/**
 * What the monitoring benchmark's events look like: event i belongs to `model-${i % models}`,
 * carries `features` features (the last four are country, channel, is_new and age, the others
 * numeric f0, f1, ...) and one segment, `region`, with `segmentValues` values. Each event is
 * thus in two series of its model: the whole version and its region.
 */
export interface MonitoringShape {
  readonly models: number;
  readonly features: number;
  readonly segmentValues: number;
}

/** The shape of the first monitoring benchmark: 1,000 models, 20 features, regions eu and us. */
export const DEFAULT_SHAPE: MonitoringShape = { models: 1000, features: 20, segmentValues: 2 };

/** Features that are not numeric f0, f1, ...: country, channel, is_new, age. */
const FIXED_FEATURES = 4;

/** Throws a RangeError naming the flag to fix when a shape cannot be generated. */
export function checkShape(shape: MonitoringShape): MonitoringShape {
  if (!Number.isInteger(shape.models) || shape.models < 1) throw new RangeError(`--monitor-models must be whole numbers of at least 1 (got ${shape.models})`);
  if (!Number.isInteger(shape.features) || shape.features < FIXED_FEATURES) throw new RangeError(`--monitor-features must be whole numbers of at least ${FIXED_FEATURES} (got ${shape.features})`);
  if (!Number.isInteger(shape.segmentValues) || shape.segmentValues < 1) throw new RangeError(`--monitor-segment-values must be whole numbers of at least 1 (got ${shape.segmentValues})`);
  return shape;
}

export const shapeName = (s: MonitoringShape): string => `${s.models}x${s.features}x${s.segmentValues}`;

/** A 32-bit mix of (i, salt), so a model's events (every `models`-th i) still vary in every field. */
function mix(i: number, salt: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Region values: eu and us first (the first benchmark's two), then region-2, region-3, ... */
const regionOf = (k: number): string => (k === 0 ? 'us' : k === 1 ? 'eu' : `region-${k}`);

/** Salt of numeric feature f: 0-15 as in the first benchmark, then clear of the other fields' salts. */
const numericSalt = (f: number): number => (f < 16 ? f : 100 + f);

/**
 * An inference event of the monitoring benchmark, at event time `baseTime + i * stepMs` (so the
 * run crosses many 1-minute windows). Values come from a hash of i: with `i % models` picking
 * the model, `benchEvent`'s `i % 5`-style values would be constant within a model. With
 * DEFAULT_SHAPE the events are those of the first monitoring benchmark.
 */
export function monitoringEvent(i: number, shape: MonitoringShape, baseTime: number, stepMs: number): InferenceEvent {
  const features: Record<string, number | string | boolean | null> = {};
  for (let f = 0; f < shape.features - FIXED_FEATURES; f++) features[`f${f}`] = (mix(i, numericSalt(f)) % 100_000) / 1000;
  features['country'] = ['DE', 'FR', 'US', 'BR', 'IN'][mix(i, 16) % 5]!;
  features['channel'] = mix(i, 17) % 3 === 0 ? 'web' : 'app';
  features['is_new'] = mix(i, 18) % 4 === 0;
  const age = mix(i, 19);
  features['age'] = age % 17 === 0 ? null : 20 + (age % 50);
  const p = (mix(i, 20) % 100) / 100;
  return {
    event_id: `mon-${i}`,
    model_id: `model-${i % shape.models}`,
    model_version: 'v1',
    prediction_id: `mpred-${i}`,
    timestamp: baseTime + Math.floor(i * stepMs),
    features,
    prediction: p > 0.5 ? 'yes' : 'no',
    scores: { yes: p, no: 1 - p },
    latency_ms: 3 + (mix(i, 21) % 40),
    status: 'ok',
    segments: { region: regionOf(mix(i, 22) % shape.segmentValues) },
  };
}

/** The label `monitoringEvent(i)` would get: 'yes' with its score's probability (a calibrated model). */
export function monitoringLabel(i: number): 'yes' | 'no' {
  return mix(i, 23) % 100 < mix(i, 20) % 100 ? 'yes' : 'no';
}

/**
 * Indexes of the reference rows of model `model`: `rows` events of the same generator that are
 * not in the measured stream (it starts at 0 and stays under 10^9), all of that model.
 */
export function referenceIndexes(model: number, rows: number, models: number): number[] {
  // The first multiple of `models` from 10^9, so that i % models is still `model`.
  const from = Math.ceil(1_000_000_000 / models) * models;
  return Array.from({ length: rows }, (_, k) => from + model + k * models);
}

/**
 * The clock tick of the monitoring benchmark: one per partition (sent with an explicit
 * partition), at an event time past every window's end plus lateness, so the watermark of every
 * partition closes every window. Model 'clock' has no reference; its own window stays open.
 */
export function tickEvent(partition: number, timeMs: number): InferenceEvent {
  return { model_id: 'clock', model_version: 'v1', prediction_id: `tick-${partition}`, timestamp: timeMs, features: {}, prediction: 0 };
}
