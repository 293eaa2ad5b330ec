import { describe, expect, it } from 'vitest';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { alignedTotals } from './aligned-bins.ts';

const side = (counts: number[]) => ({ counts, meanLow: counts.map(() => 0), meanHigh: counts.map(() => 1) });

describe('alignedTotals', () => {
  it('sums each side', () => {
    expect(alignedTotals({ lower: [0, 1], upper: [1, 2], first: side([1, 2]), second: side([0, 5]) })).toEqual({ n1: 3, n2: 5 });
  });

  it('refuses missing arrays and empty sides', () => {
    expect(() => alignedTotals({ lower: [], upper: [], first: side([]), second: side([]) })).toThrow(/no bins/);
    expect(() => alignedTotals({ lower: [0], upper: [1, 2], first: side([1]), second: side([1]) })).toThrow(DriftInputError);
    expect(() => alignedTotals({ lower: [0], upper: [1], first: side([0]), second: side([1]) })).toThrow(/first side is empty/);
  });
});
