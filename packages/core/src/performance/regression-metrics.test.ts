import { describe, expect, it } from 'vitest';
import { expectClose, regressionCases } from '../../../../test/golden/performance/golden.ts';
import { seededRandom } from '../drift/seeded-random.ts';
import { regressionMetrics } from './regression-metrics.ts';
import { RegressionState } from './regression-state.ts';
import { randomPartition } from './test-rows.ts';

function stateOf(actual: readonly number[], predicted: readonly number[]): RegressionState {
  const s = new RegressionState();
  actual.forEach((y, i) => s.add(y, predicted[i] as number));
  return s;
}

describe('regression metrics against scikit-learn 1.9.1', () => {
  for (const c of regressionCases()) {
    it(c.name, () => {
      const m = regressionMetrics(stateOf(c.actual, c.predicted));
      expect(m.count).toBe(c.expected.count);
      expectClose(m.mae, c.expected.mae, 'MAE');
      expectClose(m.rmse, c.expected.rmse, 'RMSE');
      expectClose(m.mape, c.expected.mape, 'MAPE');
      expectClose(m.r2, c.expected.r2, 'R²');
    });
  }
});

describe('streaming equals batch: merged random partitions give the metrics of one state', () => {
  for (const c of regressionCases()) {
    it(c.name, () => {
      const expected = regressionMetrics(stateOf(c.actual, c.predicted));
      const random = seededRandom(c.actual.length + 1);
      const rows = c.actual.map((y, i) => [y, c.predicted[i] as number] as const);
      for (const parts of [2, 7, 60]) {
        const states = randomPartition(rows, parts, random).map((group) =>
          RegressionState.fromJSON(JSON.parse(JSON.stringify(stateOf(group.map((r) => r[0]), group.map((r) => r[1]))))),
        );
        while (states.length > 1) {
          const i = random.nextInt(states.length - 1);
          states.splice(i, 2, RegressionState.merge(states[i] as RegressionState, states[i + 1] as RegressionState));
        }
        const m = regressionMetrics(states[0] as RegressionState);
        expect(m.count).toBe(expected.count);
        const tight = { relative: 1e-12 };
        expectClose(m.mae, expected.mae, 'MAE', tight);
        expectClose(m.rmse, expected.rmse, 'RMSE', tight);
        expectClose(m.mape, expected.mape, 'MAPE', tight);
        // R² of labels with a large offset (mean 1e6, sd 1) loses digits in Welford's M2 whatever
        // the order; merged and batch differ by ~4e-12 relative there, both within 1e-9 of sklearn.
        expectClose(m.r2, expected.r2, 'R²', { relative: 1e-10 });
      }
    });
  }
});

describe('regression edge cases', () => {
  it('an empty state has no metrics', () => {
    expect(regressionMetrics(new RegressionState())).toEqual({ count: 0, mae: null, rmse: null, mape: null, r2: null });
  });

  it('a zero label with a zero prediction adds nothing to MAPE; with an error it adds |e| / 2^-52', () => {
    expect(regressionMetrics(stateOf([0, 2], [0, 1])).mape).toBe(0.25);
    expect(regressionMetrics(stateOf([0], [1])).mape).toBe(1 / Number.EPSILON);
  });

  it('merging with an empty state changes nothing', () => {
    const s = stateOf([1, 2, 4], [1.5, 2, 3]);
    expect(RegressionState.merge(s, new RegressionState()).toJSON()).toEqual(s.toJSON());
    expect(RegressionState.merge(new RegressionState(), s).toJSON()).toEqual(s.toJSON());
  });

  it('refuses non-finite values and malformed JSON', () => {
    expect(() => new RegressionState().add(Number.NaN, 1)).toThrow(/actual must be a finite number/);
    expect(() => new RegressionState().add(1, Number.POSITIVE_INFINITY)).toThrow(/predicted/);
    expect(() => RegressionState.fromJSON({ version: 2 })).toThrow(/version/);
    expect(() => RegressionState.fromJSON({ ...stateOf([1], [1]).toJSON(), count: -1 })).toThrow(/count/);
  });
});
