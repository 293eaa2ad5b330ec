import { describe, expect, it } from 'vitest';
import { binnedNullThreshold } from '../drift/null-threshold.ts';
import { psi } from '../drift/psi.ts';
import { NullThresholdCache, type NullThresholdKey } from './null-threshold-cache.ts';

const KEY: NullThresholdKey = { referenceId: 'r', feature: 'feature:x', statistic: 'psi', quantile: 0.99, resamples: 200 };
const REFERENCE = [0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0];

describe('NullThresholdCache', () => {
  it('buckets sizes geometrically (4 per doubling) and scores a bucket at its smallest size', () => {
    const cache = new NullThresholdCache();
    const sizes = Array.from({ length: 5000 }, (_, i) => i + 1);
    for (const n of sizes) {
      const i = cache.bucketOf(n);
      expect(2 ** (i / 4)).toBeLessThanOrEqual(n + 1e-9);
      expect(2 ** ((i + 1) / 4)).toBeGreaterThan(n);
      const low = cache.bucketSize(n);
      expect(low).toBeLessThanOrEqual(n);
      expect(cache.bucketOf(low)).toBe(i);
      if (low > 1) expect(cache.bucketOf(low - 1)).toBeLessThan(i); // the smallest size of its bucket
    }
    expect([1, 2, 3, 8, 9, 100, 1000, 1024].map((n) => cache.bucketSize(n))).toEqual([1, 2, 3, 8, 8, 91, 862, 1024]);
    expect(() => cache.bucketOf(0)).toThrow(RangeError);
  });

  it('computes once per bucket and key, conservatively (threshold at the smaller size is not lower)', () => {
    const cache = new NullThresholdCache();
    let calls = 0;
    const compute = (size: number): number => {
      calls++;
      return binnedNullThreshold(REFERENCE, size, psi, { alpha: 0.01, resamples: 200, seed: 1 }).threshold;
    };
    const t900 = cache.threshold(KEY, 900, compute);
    const t1000 = cache.threshold(KEY, 1000, compute);
    expect(t1000).toBe(t900); // 900 and 1000 share bucket 39 (862..1023)
    expect(calls).toBe(1);
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(1);
    const exact = binnedNullThreshold(REFERENCE, 1000, psi, { alpha: 0.01, resamples: 200, seed: 1 }).threshold;
    expect(t1000).toBeGreaterThanOrEqual(exact);
    cache.threshold({ ...KEY, statistic: 'jensen_shannon' }, 1000, compute);
    cache.threshold({ ...KEY, resamples: 100 }, 1000, compute);
    cache.threshold({ ...KEY, referenceId: 'other' }, 1000, compute);
    expect(calls).toBe(4);
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const cache = new NullThresholdCache({ maxEntries: 2 });
    const compute = (size: number): number => size;
    cache.threshold({ ...KEY, feature: 'a' }, 10, compute);
    cache.threshold({ ...KEY, feature: 'b' }, 10, compute);
    cache.threshold({ ...KEY, feature: 'a' }, 10, compute); // a is now the most recent
    cache.threshold({ ...KEY, feature: 'c' }, 10, compute); // evicts b
    expect(cache.size).toBe(2);
    const misses = cache.misses;
    cache.threshold({ ...KEY, feature: 'a' }, 10, compute);
    expect(cache.misses).toBe(misses);
    cache.threshold({ ...KEY, feature: 'b' }, 10, compute);
    expect(cache.misses).toBe(misses + 1);
    expect(() => new NullThresholdCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
