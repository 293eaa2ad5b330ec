import { describe, expect, it } from 'vitest';
import { cbpeCases, eceCases, expectClose } from '../../../../test/golden/estimation/golden.ts';
import { binIndexEdges, expectedCalibrationError, needsCalibration } from './calibration-check.ts';

describe('calibration check (NannyML calibration.py)', () => {
  for (const c of eceCases()) {
    it(`${c.name}: bin edges and ECE`, () => {
      const edges = binIndexEdges(c.scores.length, 10);
      expect(edges).toEqual(c.binIndexEdges);
      expectClose(expectedCalibrationError(c.labels, c.scores, edges), c.ece, `${c.name} ece`);
    });
  }

  for (const c of cbpeCases()) {
    it(`${c.name}: same calibration decision as NannyML`, () => {
      expect(needsCalibration(c.reference.labels, c.reference.scores)).toBe(c.needsCalibration);
    });
  }

  it('skips calibration for a single class or near-perfect ranking', () => {
    expect(needsCalibration([1, 1, 1], [0.2, 0.5, 0.9])).toBe(false);
    expect(needsCalibration([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(false);
  });
});
