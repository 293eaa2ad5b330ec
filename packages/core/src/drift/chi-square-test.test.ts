import { describe, expect, it } from 'vitest';
import { binnedCases } from '../../../../test/golden/drift/binned-cases.ts';
import { expectClose } from '../../../../test/golden/drift/golden.ts';
import { chiSquareTest } from './chi-square-test.ts';
import { DriftInputError } from './drift-input-error.ts';

describe('chiSquareTest against scipy.stats.chi2_contingency', () => {
  for (const c of binnedCases()) {
    it(c.name, () => {
      for (const [yatesCorrection, expected] of [
        [false, c.expected.chiSquare],
        [true, c.expected.chiSquareYates],
      ] as const) {
        const result = chiSquareTest(c.referenceCounts, c.windowCounts, { yatesCorrection });
        const label = `${c.name} (Yates ${yatesCorrection})`;
        expect(result.dof, label).toBe(expected.dof);
        expectClose(result.statistic, expected.statistic, `${label} statistic`, { relative: 1e-9, absolute: 1e-12 });
        if (expected.pValue < 1e-300) expect(result.pValue, label).toBeLessThan(1e-300);
        else expectClose(result.pValue, expected.pValue, `${label} p-value`);
      }
    });
  }
});

describe('chiSquareTest edge cases', () => {
  it('drops bins empty on both sides (they add no degree of freedom)', () => {
    expect(chiSquareTest([0, 5, 5, 0], [0, 2, 8, 0])).toEqual(chiSquareTest([5, 5], [2, 8]));
  });

  it('gives statistic 0, dof 0, p = 1 with a single non-empty bin', () => {
    expect(chiSquareTest([7, 0], [3, 0])).toEqual({ statistic: 0, dof: 0, pValue: 1 });
  });

  it('stays finite for a window bin the reference never saw', () => {
    const result = chiSquareTest([50, 50, 0], [10, 10, 5]);
    expect(Number.isFinite(result.statistic)).toBe(true);
    expect(result.pValue).toBeGreaterThan(0);
  });

  it('refuses an empty window', () => {
    expect(() => chiSquareTest([1, 2], [0, 0])).toThrow(DriftInputError);
  });
});
