import { describe, expect, it } from 'vitest';
import { seededRandom } from '../drift/seeded-random.ts';
import { ScoreDistribution } from './score-distribution.ts';

function fill(d: ScoreDistribution, rows: readonly (readonly [number, boolean])[]): ScoreDistribution {
  for (const [s, p] of rows) d.add(s, p);
  return d;
}

describe('ScoreDistribution', () => {
  it('counts ties as ½ (AUC of all-tied scores is 0.5) and is undefined with one class', () => {
    expect(fill(new ScoreDistribution(), [[0.3, true], [0.3, false]]).rocAuc()).toEqual({ value: 0.5, errorBound: 0 });
    expect(fill(new ScoreDistribution(), [[0.1, false], [0.9, true], [0.2, false]]).rocAuc().value).toBe(1);
    expect(fill(new ScoreDistribution(), [[0.1, true]]).rocAuc().value).toBeNull();
    expect(new ScoreDistribution().rocAuc().value).toBeNull();
  });

  it('falls back to bins past maxExactScores, with a bound that holds', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 5000 }, () => {
      const positive = random.next() < 0.4;
      const s = Math.min(1, Math.max(0, random.next() * 0.6 + (positive ? 0.3 : 0.1)));
      return [s, positive] as const;
    });
    const exact = fill(new ScoreDistribution({ maxExactScores: 10_000 }), rows);
    const binned = fill(new ScoreDistribution({ maxExactScores: 100, fallbackBins: 50 }), rows);
    expect(exact.binned).toBe(false);
    expect(binned.binned).toBe(true);
    expect(binned.size).toBeLessThanOrEqual(50);
    expect(binned.positives + binned.negatives).toBe(5000);
    const e = exact.rocAuc().value as number;
    const b = binned.rocAuc();
    expect(b.errorBound).toBeGreaterThan(0);
    expect(Math.abs((b.value as number) - e)).toBeLessThanOrEqual(b.errorBound);
  });

  it('a merge is binned exactly when one state over all rows would be, with the same entries', () => {
    const options = { maxExactScores: 30, fallbackBins: 8 };
    const rows = Array.from({ length: 40 }, (_, i) => [i / 40, i % 3 === 0] as const);
    const all = fill(new ScoreDistribution(options), rows);
    const a = fill(new ScoreDistribution(options), rows.slice(0, 20));
    const b = fill(new ScoreDistribution(options), rows.slice(20));
    expect(a.binned || b.binned).toBe(false);
    const merged = ScoreDistribution.merge(a, b);
    expect(merged.binned).toBe(true);
    expect(merged.toJSON()).toEqual(all.toJSON());
    expect(merged.rocAuc()).toEqual(all.rocAuc());
    // an exact state merged with a binned one
    const c = fill(new ScoreDistribution(options), rows.slice(0, 35));
    const d = fill(new ScoreDistribution(options), rows.slice(35));
    expect(c.binned).toBe(true);
    expect(ScoreDistribution.merge(d, c).toJSON()).toEqual(all.toJSON());
  });

  it('round-trips through JSON and refuses bad input', () => {
    const d = fill(new ScoreDistribution(), [[0.25, true], [1, false], [0, true]]);
    expect(ScoreDistribution.fromJSON(JSON.parse(JSON.stringify(d))).toJSON()).toEqual(d.toJSON());
    expect(() => d.add(1.5, true)).toThrow(/probability/);
    expect(() => d.add(Number.NaN, true)).toThrow(/probability/);
    expect(() => ScoreDistribution.merge(d, new ScoreDistribution({ fallbackBins: 7 }))).toThrow(/different settings/);
    expect(() => ScoreDistribution.fromJSON({ ...d.toJSON(), entries: [[0.5, 1, 0], [0.5, 0, 1]] })).toThrow(/twice/);
    expect(() => ScoreDistribution.fromJSON({ ...d.toJSON(), binned: true, entries: [[0.5, 1, 0]] })).toThrow(/bin/);
  });
});
