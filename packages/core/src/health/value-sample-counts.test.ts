import { describe, expect, it } from 'vitest';
import { randomSplit, seededRandom } from './test-random.ts';
import { ValueSampleCounts } from './value-sample-counts.ts';

function fill(values: readonly string[], capacity: number): ValueSampleCounts {
  const s = new ValueSampleCounts(capacity);
  for (const v of values) s.add(v);
  return s;
}

/** Zipf-like values: "v0" most frequent. */
function zipf(n: number, distinct: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => `v${Math.floor(distinct ** random.next()) - 1}`);
}

describe('ValueSampleCounts', () => {
  it('is exact while the distinct values fit', () => {
    const values = zipf(5000, 50, 1);
    const s = fill(values, 100);
    const exact = new Map<string, number>();
    for (const v of values) exact.set(v, (exact.get(v) ?? 0) + 1);
    expect(s.truncated).toBe(false);
    expect(s.distinctCount()).toBe(exact.size);
    expect(s.total).toBe(5000);
    const expected = [...exact.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
    expect(s.top(20)).toEqual(expected.map(([value, count]) => ({ value, count })));
  });

  it('past capacity keeps exact counts for the tracked values and estimates the distinct count', () => {
    const values = zipf(50_000, 20_000, 2);
    const s = fill(values, 256);
    expect(s.truncated).toBe(true);
    expect(s.size).toBe(256);
    expect(s.total).toBe(50_000);
    for (const { value, count } of s.entries()) expect(count).toBe(values.filter((v) => v === value).length);
    const distinct = new Set(values).size;
    expect(Math.abs(s.distinctCount() - distinct) / distinct).toBeLessThan(0.25);
  });

  it('merge equals one pass over all values, in any split and order', () => {
    const random = seededRandom(3);
    for (const capacity of [10, 1000]) {
      const values = zipf(4000, 500, 4 + capacity);
      const batch = fill(values, capacity).toJSON();
      for (let trial = 0; trial < 8; trial++) {
        const parts = randomSplit(random, values, 1 + random.nextInt(7)).map((p) => fill(p, capacity));
        parts.reverse();
        const merged = parts.reduce((a, b) => ValueSampleCounts.merge(a, b), new ValueSampleCounts(capacity));
        expect(merged.toJSON()).toEqual(batch);
      }
    }
  });

  it('round-trips through JSON and refuses bad input', () => {
    const s = fill(zipf(300, 40, 5), 16);
    const back = ValueSampleCounts.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    back.add('new-one');
    expect(back.total).toBe(301);
    expect(() => ValueSampleCounts.fromJSON({ ...s.toJSON(), values: [['a', 0]] })).toThrow(/positive/);
    expect(() => ValueSampleCounts.fromJSON({ capacity: 4, total: 3, truncated: false, values: [['a', 1]] })).toThrow(/total/);
    expect(() => ValueSampleCounts.merge(s, new ValueSampleCounts(3))).toThrow(/capacities/);
  });
});
