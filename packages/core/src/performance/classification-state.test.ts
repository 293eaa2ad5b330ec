import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics.ts';
import { ClassificationState, LOG_LOSS_EPS } from './classification-state.ts';

const binary = { scoring: { kind: 'binary', negativeLabel: 'no', positiveLabel: 'yes' } } as const;

describe('ClassificationState', () => {
  it('round-trips through plain JSON', () => {
    const s = new ClassificationState(binary);
    s.add({ actual: 'yes', predicted: 'no', score: 0.4 });
    s.add({ actual: 'no', predicted: 'no', score: 0.1 });
    const json = JSON.parse(JSON.stringify(s)) as unknown;
    expect(ClassificationState.fromJSON(json).toJSON()).toEqual(s.toJSON());
    expect(classificationMetrics(ClassificationState.fromJSON(json))).toEqual(classificationMetrics(s));
  });

  it('clips log loss at eps = 2^-52, as sklearn', () => {
    const s = new ClassificationState(binary);
    s.add({ actual: 'yes', predicted: 'no', score: 0 });
    expect(s.logLossSum).toBe(-Math.log(LOG_LOSS_EPS));
  });

  it('an empty state has no rates', () => {
    const m = classificationMetrics(new ClassificationState(binary));
    expect(m).toMatchObject({ count: 0, labels: [], accuracy: null, macroF1: null, rocAuc: null, logLoss: null, expectedCalibrationError: null });
  });

  it('multiclass macro ROC AUC averages the classes where it is defined', () => {
    const s = new ClassificationState({ scoring: { kind: 'multiclass', classes: ['a', 'b', 'c'] } });
    s.add({ actual: 'a', predicted: 'a', scores: [0.8, 0.1, 0.1] });
    s.add({ actual: 'b', predicted: 'a', scores: [0.5, 0.3, 0.2] });
    const m = classificationMetrics(s);
    expect(m.rocAucPerClass).toEqual([1, 1, null]);
    expect(m.rocAuc).toBe(1);
  });

  it('refuses labels outside the scoring, bad scores and different settings', () => {
    const s = new ClassificationState(binary);
    expect(() => s.add({ actual: 'maybe', predicted: 'no', score: 0.5 })).toThrow(/neither/);
    expect(() => s.add({ actual: 'yes', predicted: 'no' })).toThrow(/probability/);
    expect(() => s.add({ actual: 'yes', predicted: 'no', score: 2 })).toThrow(/probability/);
    const m = new ClassificationState({ scoring: { kind: 'multiclass', classes: ['a', 'b'] } });
    expect(() => m.add({ actual: 'c', predicted: 'a', scores: [0.5, 0.5] })).toThrow(/not one of the classes/);
    expect(() => m.add({ actual: 'a', predicted: 'a', scores: [1] })).toThrow(/2 probabilities/);
    expect(() => ClassificationState.merge(s, new ClassificationState())).toThrow(/different scoring/);
    expect(() => new ClassificationState({ scoring: { kind: 'binary', negativeLabel: 'x', positiveLabel: 'x' } })).toThrow(/two different/);
    expect(() => ClassificationState.fromJSON({ ...s.toJSON(), count: 5 })).toThrow(/sum to/);
    expect(s.count).toBe(0);
  });
});
