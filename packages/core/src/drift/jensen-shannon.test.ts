import { describe, expect, it } from 'vitest';
import { binnedCases } from '../../../../test/golden/drift/binned-cases.ts';
import { expectClose } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';

describe('jensenShannonDistance against scipy.spatial.distance.jensenshannon(base=2)', () => {
  for (const c of binnedCases()) {
    it(c.name, () => expectClose(jensenShannonDistance(c.referenceCounts, c.windowCounts), c.expected.jensenShannon, c.name));
  }
});

describe('jensenShannonDistance edge cases', () => {
  it('is exactly 0 for equal shares, exactly 1 for disjoint ones', () => {
    expect(jensenShannonDistance([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(jensenShannonDistance([4, 0, 0], [0, 2, 7])).toBe(1);
  });

  it('is symmetric and stays accurate for nearly equal shares', () => {
    const a = [1_000_000, 1_000_001];
    const b = [1_000_001, 1_000_000];
    expect(jensenShannonDistance(a, b)).toBe(jensenShannonDistance(b, a));
    // u = 1 / 2000001 on both bins: JS divergence ~ u^2 / (2 ln 2), distance ~ u / sqrt(2 ln 2).
    expect(jensenShannonDistance(a, b)).toBeCloseTo(1 / 2_000_001 / Math.sqrt(2 * Math.LN2), 15);
  });

  it('refuses an empty window', () => {
    expect(() => jensenShannonDistance([1, 2], [0, 0])).toThrow(DriftInputError);
  });
});
