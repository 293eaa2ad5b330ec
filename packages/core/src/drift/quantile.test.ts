import { describe, expect, it } from 'vitest';
import { quantileSorted } from './quantile.ts';

describe('quantileSorted', () => {
  it('interpolates between order statistics like np.quantile(method="linear")', () => {
    const x = [1, 2, 4, 8];
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(8);
    expect(quantileSorted(x, 0.5)).toBe(3);
    expect(quantileSorted(x, 0.25)).toBe(1.75);
    // np.quantile([1, 2, 4, 8], 0.9) == 6.800000000000001 (NumPy lerps down from the upper value)
    expect(quantileSorted(x, 0.9)).toBe(6.800000000000001);
  });

  it('returns the only value of a one-value sample', () => {
    expect(quantileSorted([7], 0.3)).toBe(7);
  });

  it('refuses an empty sample and levels outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(/within \[0, 1\]/);
    expect(() => quantileSorted([1, 2], Number.NaN)).toThrow(RangeError);
  });
});
