import { describe, expect, it } from 'vitest';
import { binnedCases } from '../../../../test/golden/drift/binned-cases.ts';
import { expectClose } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { lInfinityDistance } from './l-infinity.ts';

describe('lInfinityDistance against NumPy', () => {
  for (const c of binnedCases()) {
    it(c.name, () => expectClose(lInfinityDistance(c.referenceCounts, c.windowCounts), c.expected.lInfinity, c.name));
  }
});

describe('lInfinityDistance edge cases', () => {
  it('is 0 for equal shares, 1 for disjoint ones, and the largest share change otherwise', () => {
    expect(lInfinityDistance([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(lInfinityDistance([4, 0], [0, 9])).toBe(1);
    expect(lInfinityDistance([50, 50], [80, 20])).toBeCloseTo(0.3, 15);
  });

  it('refuses an empty window', () => {
    expect(() => lInfinityDistance([1, 2], [0, 0])).toThrow(DriftInputError);
  });
});
