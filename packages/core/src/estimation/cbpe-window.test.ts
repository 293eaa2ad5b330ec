import { describe, expect, it } from 'vitest';
import { cbpeCases, expectClose } from '../../../../test/golden/estimation/golden.ts';
import { CbpeWindow, estimateRocAuc } from './cbpe-window.ts';
import { EstimationInputError } from './estimation-input-error.ts';
import { IsotonicRegression } from './isotonic-regression.ts';

describe('CbpeWindow (NannyML 0.13.1 CBPE goldens, chunk_size 1000)', () => {
  for (const c of cbpeCases()) {
    it(`${c.name}: calibrator, and every chunk's estimates within 1e-9 relative`, () => {
      const calibrator = c.needsCalibration ? IsotonicRegression.fit(c.reference.scores, c.reference.labels) : null;
      if (calibrator !== null) {
        expect(calibrator.toJSON()).toEqual(c.calibrator);
        c.grid.forEach((g, i) => expect(calibrator.predict(g)).toBe(c.calibratedGrid[i]));
      }
      for (const chunk of c.chunks) {
        const data = chunk.period === 'reference' ? c.reference : c.analysis;
        // Two halves merged: the estimates must equal those of the whole chunk.
        const mid = chunk.startIndex + 500;
        const a = new CbpeWindow(calibrator);
        const b = new CbpeWindow(calibrator);
        for (let i = chunk.startIndex; i <= chunk.endIndex; i++) (i < mid ? a : b).add(data.scores[i] as number, data.predicted[i] === 1);
        const merged = CbpeWindow.fromJSON(JSON.parse(JSON.stringify(CbpeWindow.merge(a, b))), calibrator);
        const e = merged.estimates();
        const label = `${c.name} ${chunk.period} ${chunk.startIndex}`;
        expectClose(e.rocAuc, chunk.rocAuc, `${label} roc_auc`);
        expectClose(e.f1, chunk.f1, `${label} f1`);
        expectClose(e.precision, chunk.precision, `${label} precision`);
        expectClose(e.recall, chunk.recall, `${label} recall`);
        expectClose(e.accuracy, chunk.accuracy, `${label} accuracy`);
        expectClose(e.truePositive, chunk.truePositive, `${label} tp`);
        expectClose(e.falsePositive, chunk.falsePositive, `${label} fp`);
        expectClose(e.trueNegative, chunk.trueNegative, `${label} tn`);
        expectClose(e.falseNegative, chunk.falseNegative, `${label} fn`);
        const calibrated = data.scores.slice(chunk.startIndex, chunk.endIndex + 1);
        const direct = estimateRocAuc(calibrated.map((s) => (calibrator ? calibrator.predict(s) : s)), calibrated);
        expect(direct).toBe(e.rocAuc);
      }
    });
  }

  it('is empty-safe and rejects bad input', () => {
    const w = new CbpeWindow(null);
    expect(w.estimates().accuracy).toBeNull();
    expect(() => w.add(1.5, true)).toThrow(EstimationInputError);
    expect(() => CbpeWindow.merge(w, new CbpeWindow(IsotonicRegression.fit([0, 1], [0, 1])))).toThrow(EstimationInputError);
    expect(() => CbpeWindow.fromJSON({ ...w.toJSON(), scores: [[0.5, 2]] }, null)).toThrow(EstimationInputError);
  });

  it('ROC AUC is null when every probability is 0 or every one is 1 (NannyML: NaN)', () => {
    expect(estimateRocAuc([1, 1], [0.9, 0.8])).toBeNull();
    expect(estimateRocAuc([0, 0], [0.9, 0.8])).toBeNull();
  });
});
