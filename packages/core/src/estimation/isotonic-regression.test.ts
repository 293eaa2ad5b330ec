import { describe, expect, it } from 'vitest';
import { isotonicCases } from '../../../../test/golden/estimation/golden.ts';
import { EstimationInputError } from './estimation-input-error.ts';
import { IsotonicRegression, pava } from './isotonic-regression.ts';

describe('IsotonicRegression (sklearn IsotonicRegression(out_of_bounds="clip") goldens)', () => {
  for (const c of isotonicCases()) {
    it(`${c.name}: same thresholds and predictions, bit for bit`, () => {
      const model = IsotonicRegression.fit(c.x, c.y);
      expect(model.xThresholds).toEqual(c.xThresholds);
      expect(model.yThresholds).toEqual(c.yThresholds);
      expect(model.xMin).toBe(c.xMin);
      expect(model.xMax).toBe(c.xMax);
      c.grid.forEach((g, i) => expect(model.predict(g), `predict(${g})`).toBe(c.predicted[i]));
    });
  }

  it('round-trips through JSON and predicts the same', () => {
    const model = IsotonicRegression.fit([0.1, 0.4, 0.35, 0.8], [0, 1, 0, 1]);
    const back = IsotonicRegression.fromJSON(JSON.parse(JSON.stringify(model)));
    for (const v of [-1, 0, 0.1, 0.2, 0.37, 0.5, 0.8, 2]) expect(back.predict(v)).toBe(model.predict(v));
  });

  it('pools violators', () => {
    const y = [5, 3, 1, 2, 8];
    pava(y, [1, 1, 1, 1, 1]);
    expect(y).toEqual([2.75, 2.75, 2.75, 2.75, 8]);
  });

  it('rejects bad input and malformed JSON', () => {
    expect(() => IsotonicRegression.fit([1, 2], [1])).toThrow(EstimationInputError);
    expect(() => IsotonicRegression.fit([], [])).toThrow(EstimationInputError);
    expect(() => IsotonicRegression.fit([Number.NaN], [1])).toThrow(EstimationInputError);
    expect(() => IsotonicRegression.fromJSON({ xThresholds: [2, 1], yThresholds: [0, 1], xMin: 1, xMax: 2 })).toThrow(EstimationInputError);
    expect(() => IsotonicRegression.fromJSON(null)).toThrow(EstimationInputError);
  });
});
