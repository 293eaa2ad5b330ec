import { describe, expect, it } from 'vitest';
import { outcomeLabelClass } from './outcome-class.ts';
import { validateInferenceEvent } from './inference-event.ts';

describe('classes sent as numbers', () => {
  it('makes a numeric prediction a class when it is one of its score keys', () => {
    const base = { model_id: 'm', model_version: 'v', prediction_id: 'p', timestamp: 1_800_000_000_000, features: {} };
    const classified = validateInferenceEvent({ ...base, prediction: 1, scores: { '0': 0.2, '1': 0.8 } });
    expect(classified.ok && [classified.value.predictionValue, classified.value.predictionLabel]).toEqual([1, '1']);
    const regressed = validateInferenceEvent({ ...base, prediction: 12.5 });
    expect(regressed.ok && [regressed.value.predictionValue, regressed.value.predictionLabel]).toEqual([12.5, null]);
  });

  it('reads a numeric label as a class when the prediction is a class', () => {
    expect(outcomeLabelClass('1', 0, null)).toBe('0');
    expect(outcomeLabelClass('fraud', null, 'legit')).toBe('legit');
    expect(outcomeLabelClass(null, 3.5, null)).toBeNull();
  });
});
