import { describe, expect, it } from 'vitest';
import { fitReferenceProfile } from './fit-reference-profile.ts';
import { modelWindowAggregate } from './model-window-aggregate.ts';
import { scoringReference } from './scoring-reference.ts';
import type { InferenceRecord } from '../events/inference-event.ts';

const reference = fitReferenceProfile({
  modelId: 'm', modelVersion: 'v', source: 'window', createdAtMs: 0,
  rows: Array.from({ length: 200 }, (_, i) => ({ numeric: { x: i }, categorical: {} })),
});
const event = (i: number): InferenceRecord => ({
  eventId: `e${i}`, modelId: 'm', modelVersion: 'v', predictionId: `p${i}`, timestampMs: 0, numericFeatures: { x: i }, categoricalFeatures: {},
  missingFeatures: [], predictionValue: 1, predictionLabel: null, scores: {}, latencyMs: null, status: 'ok', segments: {}, attributions: {},
});

describe('scoringReference', () => {
  it('is the window reference when most events were counted with it, else null', () => {
    const aggregate = modelWindowAggregate();
    let state = aggregate.empty();
    for (let i = 0; i < 10; i++) state = aggregate.add(state, { kind: 'inference', event: event(i), reference: null }) ?? state;
    for (let i = 10; i < 13; i++) state = aggregate.add(state, { kind: 'inference', event: event(i), reference }) ?? state;
    expect(state.referenceId).toBe(reference.referenceId);
    expect(scoringReference(state, reference)).toBeNull();
    for (let i = 13; i < 30; i++) state = aggregate.add(state, { kind: 'inference', event: event(i), reference }) ?? state;
    expect(scoringReference(state, reference)).toBe(reference);
    expect(scoringReference(state, null)).toBeNull();
  });
});
