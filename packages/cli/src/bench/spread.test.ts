import { describe, expect, it } from 'vitest';
import { alternate, formatSpread, spreadOf } from './spread.ts';

describe('spreadOf', () => {
  it('gives the median and the range, the mean of the middle two for an even count', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spreadOf([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(formatSpread(spreadOf([0.061, 0.0555, 0.07]), 3)).toBe('0.061 [0.056-0.070]');
    expect(formatSpread(spreadOf([]))).toBe('- [---]');
  });

  it('alternates the order of the two sides', () => {
    expect([0, 1, 2].map((k) => alternate(k, 'a', 'b'))).toEqual([['a', 'b'], ['b', 'a'], ['a', 'b']]);
  });
});
