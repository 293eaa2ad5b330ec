import { describe, expect, it } from 'vitest';
import { LatencySketch } from './latency-sketch.ts';
import { lognormal, randomSplit, seededRandom } from './test-random.ts';

/** The DDSketch paper's quantile: the value of rank floor(q·(n − 1)) in sorted order. */
function lowerQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

function fill(values: readonly number[], options = {}): LatencySketch {
  const s = new LatencySketch(options);
  for (const v of values) s.add(v);
  return s;
}

describe('LatencySketch', () => {
  it('keeps p50/p95/p99 within the relative accuracy for lognormal latencies', () => {
    // alpha = 0.001 needs ~5,400 buckets for this spread: more than the default 2048 would collapse.
    for (const [seed, alpha, maxBuckets] of [[1, 0.01, 2048], [2, 0.01, 2048], [3, 0.05, 2048], [4, 0.001, 8192]] as const) {
      const random = seededRandom(seed);
      const values = Array.from({ length: 20_000 }, () => lognormal(random, Math.log(40), 1.2));
      const sketch = fill(values, { relativeAccuracy: alpha, maxBuckets });
      const sorted = Float64Array.from(values).sort();
      for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
        const exact = lowerQuantile(sorted, q);
        const estimate = sketch.quantile(q) as number;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(alpha * (1 + 1e-9));
      }
    }
  });

  it('is exact at q = 0 and q = 1 (clamped to the exact min and max)', () => {
    const s = fill([3.3, 7.1, 12.9]);
    expect(s.quantile(0)).toBe(3.3);
    expect(s.quantile(1)).toBe(12.9);
    expect(s.min).toBe(3.3);
    expect(s.max).toBe(12.9);
  });

  it('a merge has the same buckets as one sketch over all values, for any split', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 5000 }, () => lognormal(random, 3, 1.5));
    values.push(0, 0, 1e-9);
    for (const options of [{}, { maxBuckets: 40 }]) {
      const batch = fill(values, options);
      for (let trial = 0; trial < 5; trial++) {
        const parts = randomSplit(random, values, 1 + random.nextInt(6)).map((p) => fill(p, options));
        const merged = parts.reduce((a, b) => LatencySketch.merge(a, b), new LatencySketch(options));
        const m = merged.toJSON();
        const b = batch.toJSON();
        expect(m.bins).toEqual(b.bins);
        expect(m.zeroCount).toBe(b.zeroCount);
        expect([m.min, m.max, merged.count]).toEqual([b.min, b.max, batch.count]);
        expect(merged.sum).toBeCloseTo(batch.sum, 6);
        expect(merged.quantiles([0.5, 0.95, 0.99])).toEqual(batch.quantiles([0.5, 0.95, 0.99]));
      }
    }
  });

  it('bounds its size as n grows, collapsing the lowest buckets', () => {
    const random = seededRandom(5);
    const s = new LatencySketch({ maxBuckets: 64 });
    const sizes: number[] = [];
    for (let i = 1; i <= 100_000; i++) {
      s.add(Math.exp(random.next() * 40 - 10)); // 17 decades: far more than 64 buckets
      if (i % 10_000 === 0) sizes.push(s.bucketCount);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
    const bins = s.toJSON().bins;
    expect((bins[bins.length - 1]![0] - bins[0]![0]) + 1).toBeLessThanOrEqual(64);
    // High quantiles keep their guarantee after collapsing.
    const t = new LatencySketch({ maxBuckets: 64 });
    const values = Array.from({ length: 10_000 }, () => Math.exp(random.next() * 40 - 10));
    for (const v of values) t.add(v);
    const sorted = Float64Array.from(values).sort();
    const exact = lowerQuantile(sorted, 0.99);
    expect(Math.abs((t.quantile(0.99) as number) - exact) / exact).toBeLessThanOrEqual(0.01 * (1 + 1e-9));

    const d = new LatencySketch();
    for (let i = 0; i < 200_000; i++) d.add(lognormal(random, 4, 2));
    expect(d.bucketCount).toBeLessThan(1000);
  });

  it('counts zeros (and values below minValue) in a zero bucket, and refuses negatives', () => {
    const s = fill([0, 0, 5e-7, 10]);
    expect(s.zeroCount).toBe(3);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBe(10);
    const tiny = fill([5e-7, 6e-7]);
    expect(tiny.quantile(0.5)).toBe(5e-7); // clamped up to the exact minimum
    expect(() => s.add(-1)).toThrow(/>= 0/);
    expect(() => s.add(Number.NaN)).toThrow(/finite/);
    expect(() => s.add(Infinity)).toThrow(/finite/);
  });

  it('an empty sketch has null quantiles, min and max', () => {
    const s = new LatencySketch();
    expect(s.quantiles([0.5, 0.99])).toEqual([null, null]);
    expect([s.min, s.max, s.count]).toEqual([null, null, 0]);
    expect(LatencySketch.fromJSON(JSON.parse(JSON.stringify(s))).toJSON()).toEqual(s.toJSON());
  });

  it('round-trips through plain JSON and refuses bad input', () => {
    const s = fill([1, 2, 3, 0, 1000]);
    const back = LatencySketch.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(back.quantiles([0.1, 0.5, 0.9])).toEqual(s.quantiles([0.1, 0.5, 0.9]));
    expect(() => LatencySketch.fromJSON({ ...s.toJSON(), version: 2 })).toThrow(/version/);
    expect(() => LatencySketch.fromJSON({ ...s.toJSON(), bins: [[1, -1]] })).toThrow(/count/);
    expect(() => LatencySketch.merge(s, new LatencySketch({ relativeAccuracy: 0.02 }))).toThrow(/different settings/);
    expect(() => s.quantile(1.5)).toThrow(/\[0, 1\]/);
  });
});
