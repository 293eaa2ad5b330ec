import { describe, expect, it } from 'vitest';
import { ImportanceInputError } from './importance-input-error.ts';
import { ndcg } from './ndcg.ts';

const log2 = (x: number): number => Math.log(x) / Math.log(2);

describe('ndcg (sklearn.metrics.ndcg_score, ignore_ties=False)', () => {
  it('is 1 for the ideal order and matches a hand computation otherwise', () => {
    expect(ndcg([3, 2, 1], [30, 20, 10])).toBe(1);
    // Window order c, b, a; relevance 1, 2, 3.
    const dcg = 1 + 2 / log2(3) + 3 / log2(4);
    const ideal = 3 + 2 / log2(3) + 1 / log2(4);
    expect(ndcg([3, 2, 1], [1, 2, 3])).toBeCloseTo(dcg / ideal, 15);
    expect(ndcg([3, 2, 1], [1, 2, 3], 1)).toBeCloseTo(1 / 3, 15);
  });

  it('averages the relevance of tied scores over the discounts they span', () => {
    // a and b tie at the top: both get (3 + 1) / 2 over positions 0 and 1.
    const dcg = 2 * (1 + 1 / log2(3)) + 2 / log2(4);
    const ideal = 3 + 2 / log2(3) + 1 / log2(4);
    expect(ndcg([3, 1, 2], [5, 5, 1])).toBeCloseTo(dcg / ideal, 15);
    // With k = 1 only position 0's discount counts for the tied group.
    expect(ndcg([3, 1, 2], [5, 5, 1], 1)).toBeCloseTo(2 / 3, 15);
  });

  it('is 0 when all relevance is 0 and null below two items', () => {
    expect(ndcg([0, 0, 0], [1, 2, 3])).toBe(0);
    expect(ndcg([1], [1])).toBeNull();
    expect(ndcg([], [])).toBeNull();
  });

  it('refuses negative relevance, non-finite scores, bad k and unequal lengths', () => {
    expect(() => ndcg([-1, 1], [1, 2])).toThrow(ImportanceInputError);
    expect(() => ndcg([1, 1], [1, Number.NaN])).toThrow(/scores/);
    expect(() => ndcg([1, 1], [1, 2], 0)).toThrow(/k must/);
    expect(() => ndcg([1, 1], [1])).toThrow(/equal lengths/);
  });
});
