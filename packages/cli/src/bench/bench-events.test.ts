import { describe, expect, it } from 'vitest';
import { validateInferenceEvent } from '@modelwatch/core';
import { checkShape, DEFAULT_SHAPE, monitoringEvent, referenceIndexes } from './bench-events.ts';

describe('monitoringEvent', () => {
  it('with the default shape, is the first monitoring benchmark event (1,000 models, 20 features, eu and us)', () => {
    const event = monitoringEvent(123457, DEFAULT_SHAPE, 1000, 0.2);
    expect(event).toMatchObject({ model_id: 'model-457', timestamp: 25691, segments: { region: 'us' }, prediction: 'yes', latency_ms: 38 });
    expect(event.features).toMatchObject({ f0: 76.747, f15: 54.438, country: 'FR', channel: 'app', is_new: false, age: 36 });
    expect(Object.keys(event.features)).toHaveLength(20);
  });

  it('has as many features and region values as the shape says, and stays a valid event', () => {
    const shape = { models: 300, features: 40, segmentValues: 3 };
    const regions = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const event = monitoringEvent(i, shape, Date.UTC(2026, 0, 1), 10);
      expect(Object.keys(event.features)).toHaveLength(40);
      expect(event.model_id).toBe(`model-${i % 300}`);
      expect(validateInferenceEvent(event).ok).toBe(true);
      regions.add(String(event.segments?.['region']));
    }
    expect([...regions].sort()).toEqual(['eu', 'region-2', 'us']);
  });

  it('takes the reference rows of a model from outside the stream, all of that model', () => {
    const rows = referenceIndexes(7, 5, 3000);
    expect(rows.every((i) => i >= 1_000_000_000 && i % 3000 === 7)).toBe(true);
  });

  it('refuses a shape it cannot generate, naming the flag', () => {
    expect(() => checkShape({ models: 10, features: 3, segmentValues: 2 })).toThrow(/--monitor-features/);
    expect(() => checkShape({ models: 0, features: 20, segmentValues: 2 })).toThrow(/--monitor-models/);
    expect(() => checkShape({ models: 10, features: 20, segmentValues: 0 })).toThrow(/--monitor-segment-values/);
  });
});
