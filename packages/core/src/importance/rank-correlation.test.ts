import { describe, expect, it } from 'vitest';
import { ImportanceInputError } from './importance-input-error.ts';
import { averageRanks, kendallTauB, spearman } from './rank-correlation.ts';

describe('averageRanks (scipy.stats.rankdata, method average)', () => {
  it('averages tied ranks', () => {
    expect(averageRanks([10, 20, 10, 30, 20, 20])).toEqual([1.5, 4, 1.5, 6, 4, 4]);
    expect(averageRanks([])).toEqual([]);
    expect(averageRanks([5])).toEqual([1]);
  });
});

describe('spearman and kendallTauB', () => {
  it('match hand-computed values', () => {
    // Ranks x = 1..4, y = 2, 1, 4, 3: Σd² = 4, rho = 1 − 6·4 / (4·15) = 0.6.
    expect(spearman([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 15);
    // 6 pairs: 4 concordant, 2 discordant, no ties: tau = 2/6.
    expect(kendallTauB([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(1 / 3, 15);
    // tau-b with ties: x = [1, 1, 2], y = [1, 2, 3]: C = 2, D = 0, tx = 1, ty = 0: 2 / sqrt(2 · 3).
    expect(kendallTauB([1, 1, 2], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(6), 15);
  });

  it('are symmetric and invariant under monotone transforms', () => {
    const x = [0.3, 0.1, 0.7, 0.2, 0.2, 0.9];
    const y = [1, 3, 2, 5, 4, 4];
    expect(spearman(x, y)).toBe(spearman(y, x));
    expect(kendallTauB(x, y)).toBe(kendallTauB(y, x));
    expect(spearman(x.map(Math.exp), y)).toBe(spearman(x, y));
    expect(kendallTauB(x.map((v) => v * 100 + 7), y)).toBe(kendallTauB(x, y));
  });

  it('are null for fewer than two values or a constant side', () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(kendallTauB([1], [2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it('refuse unequal lengths and non-finite values', () => {
    expect(() => spearman([1, 2], [1])).toThrow(ImportanceInputError);
    expect(() => kendallTauB([1, Number.NaN], [1, 2])).toThrow(/finite/);
  });
});
