import { describe, expect, it } from 'vitest';
import { expectClose, rankingCases } from '../../../../test/golden/importance/golden.ts';
import { compareImportance } from './importance-drift.ts';
import { ImportanceInputError } from './importance-input-error.ts';

describe('compareImportance against scipy.stats and sklearn.metrics.ndcg_score', () => {
  for (const c of rankingCases()) {
    it(c.name, () => {
      const d = compareImportance(c.reference, c.window, c.k === null ? {} : { k: c.k });
      expect(d.features).toEqual(c.expected.features);
      expectClose(d.spearman, c.expected.spearman, 'Spearman');
      expectClose(d.kendallTauB, c.expected.kendallTauB, 'Kendall tau-b');
      expectClose(d.ndcg, c.expected.ndcg, 'NDCG');
    });
  }
});

describe('compareImportance behaviour', () => {
  it('gives exactly 1 for the same order and exactly -1 for the reversed order', () => {
    const same = compareImportance({ a: 3, b: 2, c: 1, d: 0.5 }, new Map([['a', 30], ['b', 20], ['c', 10], ['d', 1]]));
    expect([same.spearman, same.kendallTauB, same.ndcg]).toEqual([1, 1, 1]);
    const reversed = compareImportance({ a: 3, b: 2, c: 1, d: 0.5 }, { a: 1, b: 2, c: 3, d: 4 });
    expect([reversed.spearman, reversed.kendallTauB]).toEqual([-1, -1]);
  });

  it('takes a feature missing on one side as importance 0 there, and names it', () => {
    const d = compareImportance({ a: 0.5, b: 0.3, c: 0.2 }, { b: 0.6, c: 0.3, e: 0.1 });
    expect(d.features).toEqual(['a', 'b', 'c', 'e']);
    expect(d.missingInWindow).toEqual(['a']);
    expect(d.missingInReference).toEqual(['e']);
    expect(d).toEqual({ ...compareImportance({ a: 0.5, b: 0.3, c: 0.2, e: 0 }, { a: 0, b: 0.6, c: 0.3, e: 0.1 }), missingInWindow: ['a'], missingInReference: ['e'] });
  });

  it('is null where undefined: one feature, no features, a constant side', () => {
    const one = compareImportance({ a: 1 }, { a: 2 });
    expect([one.spearman, one.kendallTauB, one.ndcg, one.k]).toEqual([null, null, null, 1]);
    const none = compareImportance({}, {});
    expect([none.spearman, none.kendallTauB, none.ndcg, none.k]).toEqual([null, null, null, 0]);
    const constant = compareImportance({ a: 1, b: 2 }, { a: 1, b: 1 });
    expect([constant.spearman, constant.kendallTauB]).toEqual([null, null]);
    expect(constant.ndcg).not.toBeNull();
  });

  it('caps k at the number of features and refuses bad k and importances', () => {
    expect(compareImportance({ a: 1, b: 2 }, { a: 2, b: 1 }, { k: 10 }).k).toBe(2);
    expect(() => compareImportance({ a: 1, b: 2 }, { a: 2, b: 1 }, { k: 0 })).toThrow(ImportanceInputError);
    expect(() => compareImportance({ a: 1, b: 2 }, { a: 2, b: 1 }, { k: 1.5 })).toThrow(/k must/);
    expect(() => compareImportance({ a: -1 }, { a: 1 })).toThrow(/reference importance/);
    expect(() => compareImportance({ a: 1 }, { a: Number.NaN })).toThrow(/window importance/);
  });
});
