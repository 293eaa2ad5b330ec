import { describe, expect, it } from 'vitest';
import { DriftInputError } from './drift-input-error.ts';
import { minimumWindowSize } from './minimum-sample-size.ts';

describe('minimumWindowSize', () => {
  it('is 50 for decile bins (5 expected in each of 10 bins)', () => {
    expect(minimumWindowSize([0, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 0])).toBe(50);
  });

  it('lets 20% of the bins expect fewer than 5, but every bin at least 1', () => {
    // Shares 0.01, 0.04, 0.95 x ...: with 5 used bins one may be small; the second smallest needs 5.
    const counts = [1, 4, 30, 30, 35];
    // smallest: n >= 100 / 1; second smallest: n >= 5 * 100 / 4 = 125.
    expect(minimumWindowSize(counts)).toBe(125);
    expect(minimumWindowSize([1, 99])).toBe(500); // 2 bins: none may be small, 5 * 100 / 1
  });

  it('never goes below atLeast and ignores bins the reference never used', () => {
    expect(minimumWindowSize([0, 50, 50, 0])).toBe(30);
    expect(minimumWindowSize([0, 50, 50, 0], { atLeast: 5 })).toBe(10);
    expect(minimumWindowSize([0, 50, 50, 0], { atLeast: 5, minExpected: 10 })).toBe(20);
  });

  it('refuses an empty reference and bad options', () => {
    expect(() => minimumWindowSize([0, 0])).toThrow(DriftInputError);
    expect(() => minimumWindowSize([1, -1])).toThrow(DriftInputError);
    expect(() => minimumWindowSize([1, 1], { minExpected: 0 })).toThrow(/minExpected/);
    expect(() => minimumWindowSize([1, 1], { smallBinShare: 1 })).toThrow(/smallBinShare/);
  });
});
