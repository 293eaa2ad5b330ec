import { describe, expect, it } from 'vitest';
import { classificationCases, expectClose } from '../../../../test/golden/performance/golden.ts';
import { seededRandom } from '../drift/seeded-random.ts';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';
import { ClassificationState } from './classification-state.ts';
import { caseRows, randomPartition } from './test-rows.ts';

function batch(c: ReturnType<typeof classificationCases>[number]): ClassificationMetrics {
  const { options, rows } = caseRows(c);
  const state = new ClassificationState(options);
  for (const r of rows) state.add(r);
  return classificationMetrics(state);
}

describe('classification metrics against scikit-learn 1.9.1', () => {
  for (const c of classificationCases()) {
    it(c.name, () => {
      const m = batch(c);
      const e = c.expected;
      expect(m.labels).toEqual(e.labels);
      expect(m.confusionMatrix).toEqual(e.confusionMatrix);
      expect(m.support).toEqual(e.support);
      expect(m.count).toBe(c.actual.length);
      expectClose(m.accuracy, e.accuracy, 'accuracy');
      e.labels.forEach((label, i) => {
        expectClose(m.precision[i], e.precision[i] as number, `precision ${label}`);
        expectClose(m.recall[i], e.recall[i] as number, `recall ${label}`);
        expectClose(m.f1[i], e.f1[i] as number, `f1 ${label}`);
      });
      expectClose(m.macroPrecision, e.macroPrecision, 'macro precision');
      expectClose(m.macroRecall, e.macroRecall, 'macro recall');
      expectClose(m.macroF1, e.macroF1, 'macro F1');
      if (c.kind === 'labels') {
        expect(m.rocAuc).toBeNull();
        expect(m.logLoss).toBeNull();
        expect(m.expectedCalibrationError).toBeNull();
        return;
      }
      expectClose(m.rocAuc, e.rocAuc ?? null, 'ROC AUC');
      expect(m.rocAucErrorBound).toBe(0);
      expectClose(m.logLoss, e.logLoss as number, 'log loss');
      if (c.kind === 'binary') expectClose(m.expectedCalibrationError, e.ece as number, 'ECE');
      if (c.kind === 'multiclass') {
        (e.rocAucPerClass ?? []).forEach((v, i) => expectClose(m.rocAucPerClass?.[i], v, `ROC AUC ${c.classes[i]} vs rest`));
      }
    });
  }
});

describe('streaming equals batch: merged random partitions give the metrics of one state', () => {
  for (const c of classificationCases()) {
    it(c.name, () => {
      const expected = batch(c);
      const { options, rows } = caseRows(c);
      const random = seededRandom(c.actual.length);
      for (const parts of [2, 7, 60]) {
        const states = randomPartition(rows, parts, random).map((group) => {
          const s = new ClassificationState(options);
          for (const r of group) s.add(r);
          // Every window goes through its stored form, as between the window job and the warehouse.
          return ClassificationState.fromJSON(JSON.parse(JSON.stringify(s)));
        });
        // Merge in a random tree order, not just left to right.
        while (states.length > 1) {
          const i = random.nextInt(states.length - 1);
          states.splice(i, 2, ClassificationState.merge(states[i] as ClassificationState, states[i + 1] as ClassificationState));
        }
        const m = classificationMetrics(states[0] as ClassificationState);
        // Counts and everything computed from them alone are bit-identical...
        expect({ ...m, logLoss: null, expectedCalibrationError: null, calibrationBins: null }).toEqual({
          ...expected,
          logLoss: null,
          expectedCalibrationError: null,
          calibrationBins: null,
        });
        // ...sums of doubles agree to rounding.
        if (expected.logLoss !== null) expectClose(m.logLoss, expected.logLoss, 'log loss', { relative: 1e-13 });
        if (expected.expectedCalibrationError !== null) {
          expectClose(m.expectedCalibrationError, expected.expectedCalibrationError, 'ECE', { relative: 1e-12, absolute: 1e-15 });
        }
      }
    });
  }
});
