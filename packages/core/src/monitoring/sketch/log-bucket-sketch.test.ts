import { describe, expect, it } from 'vitest';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { numericBinIndex } from '../../drift/numeric-profile.ts';
import { seededRandom } from '../../drift/seeded-random.ts';
import { LogBucketSketch } from './log-bucket-sketch.ts';

const random = seededRandom(4);
const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

describe('LogBucketSketch', () => {
  it('counts zeros, negatives and missing values exactly', () => {
    const s = LogBucketSketch.of([0, -0, -1.5, -2, 3, null, undefined, Number.NaN, 1e-300, -1e300]);
    expect(s.zeroCount).toBe(2);
    expect(s.negativeCount).toBe(3);
    expect(s.missing).toBe(3);
    expect(s.count).toBe(7);
    expect(() => s.add(Infinity)).toThrow(RangeError);
  });

  it('puts every value in a bucket within the relative accuracy: |x| in (gamma^(i-1), gamma^i]', () => {
    const s = new LogBucketSketch({ relativeAccuracy: 0.01 });
    const gamma = 1.01 / 0.99;
    for (let k = 0; k < 2000; k++) {
      const x = Math.exp(40 * random.next() - 20);
      const i = s.indexOf(x);
      expect(x).toBeGreaterThan(gamma ** (i - 1) * (1 - 1e-12));
      expect(x).toBeLessThanOrEqual(gamma ** i * (1 + 1e-12));
    }
  });

  it('aligns two sketches in contiguous bins that hold each side’s values', () => {
    const a = Array.from({ length: 500 }, () => normal() * 3);
    const b = [...Array.from({ length: 300 }, () => normal() + 1), 0, 0];
    const bins = LogBucketSketch.of(a).alignWith(LogBucketSketch.of(b));
    for (let i = 1; i < bins.lower.length; i++) expect(bins.lower[i]).toBe(bins.upper[i - 1]);
    const counts = (values: number[], side: ArrayLike<number>) => {
      let total = 0;
      for (let i = 0; i < side.length; i++) total += side[i] as number;
      expect(total).toBe(values.length);
    };
    counts(a, bins.first.counts);
    counts(b, bins.second.counts);
    // Every value lies in a bin of its side with a positive count.
    for (const v of b) {
      const i = Array.from({ length: bins.lower.length }, (_, j) => j).find((j) => (v === 0 ? bins.lower[j] === 0 && bins.upper[j] === 0 : v > 0 ? v > (bins.lower[j] as number) && v <= (bins.upper[j] as number) * (1 + 1e-12) : v >= (bins.lower[j] as number) * (1 + 1e-12) && v < (bins.upper[j] as number)));
      expect(i, `value ${v}`).toBeDefined();
      expect(bins.second.counts[i as number] as number).toBeGreaterThan(0);
    }
  });

  it('collapses the lowest magnitudes into the lowest kept bucket, by the largest index only', () => {
    // alpha 0.1: gamma = 1.1 / 0.9; 1000 has index 35, so only indices 32..35 are kept.
    const s = new LogBucketSketch({ relativeAccuracy: 0.1, maxBuckets: 4 });
    for (const v of [1, 10, 100, 1000, 0.001]) s.add(v);
    expect(s.indexOf(1000)).toBe(35);
    const bins = s.alignWith(s);
    expect(bins.lower.length).toBe(1 + 4); // the zero bin, then four positive buckets
    expect(bins.lower[1]).toBe(0); // the lowest kept bucket reaches 0: it holds every lower magnitude
    expect(Array.from(bins.first.counts)).toEqual([0, 4, 0, 0, 1]);
    // Same state whatever the order: the floor follows the largest index only.
    const reversed = LogBucketSketch.of([0.001, 1000, 100, 10, 1], { relativeAccuracy: 0.1, maxBuckets: 4 });
    expect(reversed.equals(s)).toBe(true);
  });

  it('projects onto reference edges within the mass of the buckets it splits', () => {
    const values = Array.from({ length: 3000 }, () => normal() * 2 + 0.5);
    const edges = [-3, -1.2, -0.3, 0, 0.4, 0.9, 1.7, 3.1, 5];
    const exact = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) {
      const bin = numericBinIndex(edges, v);
      exact[bin] = (exact[bin] as number) + 1;
    }
    const { counts, uncertain } = LogBucketSketch.of(values).countsIn(edges);
    expect(counts.reduce((s, c) => s + c, 0)).toBeCloseTo(values.length, 9);
    counts.forEach((c, i) => expect(Math.abs(c - (exact[i] as number)), `bin ${i}`).toBeLessThanOrEqual(uncertain + 1e-9));
    expect(uncertain).toBeLessThan(0.05 * values.length);
  });

  it('refuses bad settings, merging or comparing different settings, and inconsistent bytes', () => {
    expect(() => new LogBucketSketch({ relativeAccuracy: 0 })).toThrow(DriftInputError);
    expect(() => new LogBucketSketch({ maxBuckets: 0 })).toThrow(DriftInputError);
    const a = new LogBucketSketch();
    const b = new LogBucketSketch({ relativeAccuracy: 0.02 });
    expect(() => a.merge(b)).toThrow(/different settings/);
    expect(() => a.alignWith(b)).toThrow(/different settings/);
    const bytes = LogBucketSketch.of([1, 2, 3]).encode();
    // relativeAccuracy (bytes 3-10) replaced by +Infinity.
    expect(() => LogBucketSketch.decode(Uint8Array.from([...bytes.slice(0, 3), 0, 0, 0, 0, 0, 0, 0xf0, 0x7f, ...bytes.slice(11)]))).toThrow(/relativeAccuracy is Infinity/);
  });
});
