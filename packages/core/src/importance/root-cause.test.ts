import { describe, expect, it } from 'vitest';
import { ImportanceInputError } from './importance-input-error.ts';
import { rankRootCauses } from './root-cause.ts';

describe('rankRootCauses', () => {
  const importance = { age: 0.5, income: 0.3, region: 0.15, device: 0.05 };

  it('ranks drifted features by drift × importance share; stable features are left out', () => {
    const r = rankRootCauses(
      [
        { feature: 'device', drift: 2.0 },
        { feature: 'age', drift: 0.1 },
        { feature: 'income', drift: 0.4 },
        { feature: 'region', drift: 5.0, drifted: false },
      ],
      importance,
    );
    expect(r.map((x) => x.feature)).toEqual(['income', 'device', 'age']);
    expect(r[0]).toEqual({ feature: 'income', drift: 0.4, importanceShare: 0.3, importanceKnown: true, score: 0.4 * 0.3, rank: 1 });
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3]);
  });

  it('normalises importance over every feature, not only the drifted ones', () => {
    const r = rankRootCauses([{ feature: 'age', drift: 1 }], { age: 2, income: 6 });
    expect(r[0]?.importanceShare).toBe(0.25);
    expect(r[0]?.score).toBe(0.25);
  });

  it('breaks ties by drift, then importance, then name, whatever the input order', () => {
    const drift = [
      { feature: 'b', drift: 1 },
      { feature: 'a', drift: 1 },
      { feature: 'c', drift: 2 },
      { feature: 'd', drift: 0.5 },
      { feature: 'unknown', drift: 3 },
    ];
    const imp = { a: 0.2, b: 0.2, c: 0.1, d: 0.4, e: 0.1 };
    const forward = rankRootCauses(drift, imp);
    const backward = rankRootCauses([...drift].reverse(), imp);
    expect(forward).toEqual(backward);
    const exact = rankRootCauses(
      [
        { feature: 'y', drift: 1 },
        { feature: 'x', drift: 1 },
        { feature: 'z', drift: 2 },
      ],
      { x: 1, y: 1, z: 0.5, w: 1.5 },
    );
    // Shares x = y = 0.25, z = 0.125: all scores 0.25; z has the larger drift, then x before y.
    expect(exact.map((r) => r.feature)).toEqual(['z', 'x', 'y']);
  });

  it('puts features without importance at share 0 and says so', () => {
    const r = rankRootCauses([{ feature: 'new', drift: 9 }, { feature: 'age', drift: 0.01 }], importance);
    expect(r.map((x) => [x.feature, x.importanceKnown, x.score])).toEqual([
      ['age', true, 0.01 * 0.5],
      ['new', false, 0],
    ]);
  });

  it('gives shares of 0 when every importance is 0 and ranks by drift', () => {
    const r = rankRootCauses([{ feature: 'a', drift: 1 }, { feature: 'b', drift: 2 }], { a: 0, b: 0 });
    expect(r.map((x) => [x.feature, x.score])).toEqual([['b', 0], ['a', 0]]);
  });

  it('refuses duplicate features and bad drift values', () => {
    expect(() => rankRootCauses([{ feature: 'a', drift: 1 }, { feature: 'a', drift: 2 }], {})).toThrow(/twice/);
    expect(() => rankRootCauses([{ feature: 'a', drift: -1 }], {})).toThrow(ImportanceInputError);
    expect(() => rankRootCauses([{ feature: 'a', drift: Number.NaN }], {})).toThrow(/finite/);
    expect(() => rankRootCauses([], { a: -1 })).toThrow(/importance/);
  });
});
