import { describe, expect, it } from 'vitest';
import { seededRandom } from '../drift/seeded-random.ts';
import { BottomKSample, fnv1a32, sampleKey } from './bottom-k-sample.ts';

function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('fnv1a32 / sampleKey', () => {
  it('is the published FNV-1a and stable', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(sampleKey('event-1', 'age')).toBe(sampleKey('event-1', 'age'));
    expect(sampleKey('event-1', 'age')).not.toBe(sampleKey('event-1', 'income'));
    expect(sampleKey('event-1', 'age')).not.toBe(sampleKey('event-2', 'age'));
  });
});

describe('BottomKSample', () => {
  const pairs = Array.from({ length: 300 }, (_, i) => ({ value: Math.round(Math.sin(i) * 1000) / 8, key: sampleKey(`e${i}`, 'x') }));
  // Ties: same key, different values; and an exact duplicate pair.
  pairs.push({ value: 1, key: 5 }, { value: 0.5, key: 5 }, { value: 1, key: 5 });

  const expected = [...pairs].sort((a, b) => a.key - b.key || a.value - b.value).slice(0, 50);

  it('keeps the k smallest keys, ties by value, whatever the order', () => {
    for (const seed of [1, 2, 3]) {
      const s = new BottomKSample(50);
      for (const p of shuffle(pairs, seed)) s.add(p.value, p.key);
      expect(s.size).toBe(50);
      expect(s.toJSON()).toEqual({ capacity: 50, keys: expected.map((p) => p.key), values: expected.map((p) => p.value) });
    }
  });

  it('merges to the one-pass sample for any split, and round-trips JSON', () => {
    const one = new BottomKSample(50);
    for (const p of pairs) one.add(p.value, p.key);
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const parts = Array.from({ length: 1 + random.nextInt(6) }, () => new BottomKSample(50));
      for (const p of shuffle(pairs, trial)) (parts[random.nextInt(parts.length)] as BottomKSample).add(p.value, p.key);
      const merged = shuffle(parts, trial + 100).reduce((a, b) => BottomKSample.merge(a, b));
      expect(merged.toJSON()).toEqual(one.toJSON());
    }
    const json = JSON.parse(JSON.stringify(one));
    expect(BottomKSample.fromJSON(json).toJSON()).toEqual(json);
    // add after fromJSON and after merge behaves like add on the original.
    const restored = BottomKSample.fromJSON(json);
    restored.add(-5, 0);
    one.add(-5, 0);
    expect(restored.toJSON()).toEqual(one.toJSON());
    expect(BottomKSample.merge(one, new BottomKSample(50)).toJSON()).toEqual(one.toJSON());
  });

  it('grows up to capacity and reads values back', () => {
    const s = new BottomKSample(3);
    s.add(3, 30);
    s.add(1, 10);
    expect(s.size).toBe(2);
    expect([...s.sortedValues()]).toEqual([1, 3]);
    s.add(2, 20);
    s.add(9, 5);
    expect([...s.values()]).toEqual([9, 1, 2]);
    s.add(-0, 1);
    expect(Object.is(s.toJSON().values[0], 0)).toBe(true);
  });

  it('refuses bad input', () => {
    expect(() => new BottomKSample(0)).toThrow(RangeError);
    expect(() => new BottomKSample(2).add(Number.NaN, 1)).toThrow(RangeError);
    expect(() => new BottomKSample(2).add(1, -1)).toThrow(RangeError);
    expect(() => BottomKSample.merge(new BottomKSample(2), new BottomKSample(3))).toThrow(RangeError);
    expect(() => BottomKSample.fromJSON({ capacity: 1, keys: [1, 2], values: [1, 2] })).toThrow(RangeError);
    expect(() => BottomKSample.fromJSON({ capacity: 2, keys: [1], values: [Infinity] })).toThrow(RangeError);
  });
});
