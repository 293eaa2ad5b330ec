import { describe, expect, it } from 'vitest';
import { binnedCases } from '../../../../test/golden/drift/binned-cases.ts';
import { expectClose } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { psi } from './psi.ts';

describe('psi against Evidently\'s formula in NumPy', () => {
  for (const c of binnedCases()) {
    it(c.name, () => expectClose(psi(c.referenceCounts, c.windowCounts), c.expected.psi, c.name));
  }
});

describe('psi edge cases', () => {
  it('is exactly 0 for equal shares and symmetric', () => {
    expect(psi([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(psi([5, 1, 9], [2, 7, 1])).toBeCloseTo(psi([2, 7, 1], [5, 1, 9]), 15);
  });

  it('stays finite for disjoint bins: 0 shares become 1e-4', () => {
    // (1 - 1e-4) ln(1e4) twice
    expect(psi([10, 0], [0, 10])).toBeCloseTo(2 * (1 - 1e-4) * Math.log(1e4), 12);
  });

  it('ignores bins empty on both sides', () => {
    expect(psi([0, 3, 1, 0], [0, 1, 3, 0])).toBe(psi([3, 1], [1, 3]));
  });

  it('refuses an empty side, mismatched bins and bad counts', () => {
    expect(() => psi([1, 2], [0, 0])).toThrow(/window is empty/);
    expect(() => psi([0, 0], [1, 1])).toThrow(/reference is empty/);
    expect(() => psi([1, 2, 3], [1, 2])).toThrow(DriftInputError);
    expect(() => psi([1, -2], [1, 2])).toThrow(/non-negative/);
    expect(() => psi([1, Number.NaN], [1, 2])).toThrow(DriftInputError);
    expect(() => psi([], [])).toThrow(DriftInputError);
  });
});
