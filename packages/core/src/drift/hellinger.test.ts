import { describe, expect, it } from 'vitest';
import { binnedCases } from '../../../../test/golden/drift/binned-cases.ts';
import { expectClose } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { hellingerDistance } from './hellinger.ts';

describe('hellingerDistance against NumPy', () => {
  for (const c of binnedCases()) {
    it(c.name, () => expectClose(hellingerDistance(c.referenceCounts, c.windowCounts), c.expected.hellinger, c.name));
  }
});

describe('hellingerDistance edge cases', () => {
  it('is 0 for equal shares and 1 for disjoint ones', () => {
    expect(hellingerDistance([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(hellingerDistance([4, 0, 0], [0, 2, 7])).toBeCloseTo(1, 15);
  });

  it('refuses an empty window', () => {
    expect(() => hellingerDistance([1, 2], [0, 0])).toThrow(DriftInputError);
  });
});
