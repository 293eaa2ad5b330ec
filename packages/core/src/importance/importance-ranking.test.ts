import { describe, expect, it } from 'vitest';
import { ImportanceInputError } from './importance-input-error.ts';
import { rankImportance } from './importance-ranking.ts';

describe('rankImportance', () => {
  it('orders by importance, ties by name, with shares summing to 1', () => {
    const r = rankImportance({ b: 0.2, a: 0.2, c: 0.6, d: 0 });
    expect(r.map((x) => [x.feature, x.rank])).toEqual([['c', 1], ['a', 2], ['b', 3], ['d', 4]]);
    expect(r.map((x) => x.share)).toEqual([0.6, 0.2, 0.2, 0]);
  });

  it('does not depend on insertion order', () => {
    const a = rankImportance(new Map([['x', 1], ['y', 1], ['z', 2]]));
    const b = rankImportance(new Map([['z', 2], ['y', 1], ['x', 1]]));
    expect(a).toEqual(b);
  });

  it('gives shares of 0 when every importance is 0, and an empty ranking for no features', () => {
    expect(rankImportance({ a: 0, b: 0 }).map((x) => x.share)).toEqual([0, 0]);
    expect(rankImportance({})).toEqual([]);
  });

  it('refuses negative and non-finite importances', () => {
    expect(() => rankImportance({ a: -1 })).toThrow(ImportanceInputError);
    expect(() => rankImportance({ a: Number.NaN })).toThrow(ImportanceInputError);
    expect(() => rankImportance(new Map([['a', Number.POSITIVE_INFINITY]]))).toThrow(/finite/);
  });
});
