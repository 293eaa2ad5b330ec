import { describe, expect, it } from 'vitest';
import { validateGroundTruthEvent } from '../events/ground-truth-event.ts';
import { validateInferenceEvent, type InferenceRecord } from '../events/inference-event.ts';
import { fitReferenceProfile } from './fit-reference-profile.ts';
import { numericWithMissing, referenceRowFromInference, withLabel } from './reference-rows.ts';

function record(event: Record<string, unknown>): InferenceRecord {
  const v = validateInferenceEvent({ model_id: 'm', model_version: 'v1', prediction_id: 'p1', timestamp: 1_700_000_000_000, ...event });
  if (!v.ok) throw new Error(v.reason);
  return v.value;
}

describe('referenceRowFromInference', () => {
  it('keeps the feature split, turns null features into missing numeric entries, keeps prediction and scores', () => {
    const row = referenceRowFromInference(
      record({ features: { age: 42, country: 'NL', member: true, income: null }, prediction: 'approve', scores: { approve: 0.8 }, attributions: { age: 0.3 } }),
    );
    expect(row).toEqual({
      numeric: { age: 42, income: null },
      categorical: { country: 'NL', member: 'true' },
      predictionValue: null,
      predictionLabel: 'approve',
      scores: { approve: 0.8 },
      attributions: { age: 0.3 },
    });
  });

  it('leaves out empty scores and attributions', () => {
    const row = referenceRowFromInference(record({ features: {}, prediction: 3.5 }));
    expect(row).toEqual({ numeric: {}, categorical: {}, predictionValue: 3.5, predictionLabel: null });
  });

  it('rows of events fit a profile in which a null feature counts as missing', () => {
    const rows = [{ x: 1 }, { x: null }, { x: 3 }].map((features) => referenceRowFromInference(record({ features, prediction: 1 })));
    const profile = fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows, source: 'window', createdAtMs: 0 });
    expect(profile.features['x']?.profile.referenceMissing).toBe(1);
    expect(profile.features['x']?.sample).toEqual([1, 3]);
  });
});

describe('numericWithMissing', () => {
  it('adds a null entry for each missing feature, __proto__ and Object.prototype names too', () => {
    const numeric = numericWithMissing(JSON.parse('{"__proto__": 1}'), JSON.parse('{"valueOf": "x"}'), ['constructor', '__proto__', 'valueOf', 'toString']);
    expect(Object.entries(numeric)).toEqual([['__proto__', 1], ['constructor', null], ['toString', null]]);
    expect(Object.entries(numericWithMissing({}, {}, ['__proto__']))).toEqual([['__proto__', null]]);
    expect(Object.getPrototypeOf(numericWithMissing({}, {}, ['__proto__']))).toBe(Object.prototype);
  });
});

describe('withLabel', () => {
  it('sets the label from a ground-truth record without changing the row', () => {
    const row = referenceRowFromInference(record({ features: { x: 1 }, prediction: 'yes' }));
    const truth = validateGroundTruthEvent({ model_id: 'm', prediction_id: 'p1', label: 'no', timestamp: 1_700_000_000_000 });
    if (!truth.ok) throw new Error(truth.reason);
    const labelled = withLabel(row, truth.value);
    expect(labelled).toEqual({ ...row, labelValue: null, labelClass: 'no' });
    expect(row).not.toHaveProperty('labelClass');
    expect(withLabel(row, { labelValue: 2.5, labelClass: null })).toMatchObject({ labelValue: 2.5, labelClass: null });
  });
});
