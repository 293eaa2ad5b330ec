import { describe, expect, it } from 'vitest';
import { numpyRound, numpySum, rint } from './numpy-arithmetic.ts';

describe('numpy arithmetic', () => {
  it('rint rounds half to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(rint)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });
  it('round to 5 decimals as numpy', () => {
    // Values from numpy 2.4.6: np.round(x, 5) / np.round(x, 2).
    expect(numpyRound(0.123455, 5)).toBe(0.12346);
    expect(numpyRound(2.5e-5, 5)).toBe(2e-5);
    expect(numpyRound(0.125, 2)).toBe(0.12);
    expect(numpyRound(1.000005, 5)).toBe(1);
  });
  it('pairwise sum equals the exact sum on integers', () => {
    const v = Array.from({ length: 1000 }, (_, i) => i);
    expect(numpySum(v)).toBe(499500);
  });
});
