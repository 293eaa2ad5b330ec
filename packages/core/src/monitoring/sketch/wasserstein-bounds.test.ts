import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../../drift/seeded-random.ts';
import { wassersteinDistance } from '../../drift/wasserstein.ts';
import { LogBucketSketch } from './log-bucket-sketch.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch } from './numeric-bin-sketch.ts';
import { wassersteinBounds } from './wasserstein-bounds.ts';

const normal = (r: SeededRandom): number => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
const streams: Record<string, (r: SeededRandom, shift: number) => number> = {
  normal: (r, s) => normal(r) + s,
  lognormal: (r, s) => Math.exp(normal(r) + s),
  integers: (r, s) => Math.floor(4 * r.next() + 6 * r.next() + 3 * s),
  bimodal: (r, s) => (r.next() < 0.5 + 0.2 * s ? -2 : 2) + 0.5 * normal(r),
  wide: (r, s) => normal(r) * (1 + 3 * s),
};
const tolerance = (w: number): number => 1e-9 * (1 + w);

describe('wassersteinBounds', () => {
  it('brackets the exact distance (wassersteinDistance, equal to SciPy’s), the estimate inside', () => {
    const r = seededRandom(8);
    for (const [name, draw] of Object.entries(streams)) {
      for (let trial = 0; trial < 12; trial++) {
        const reference = Array.from({ length: 300 + r.nextInt(3000) }, () => draw(r, 0));
        const window = Array.from({ length: 20 + r.nextInt(2000) }, () => draw(r, r.next()));
        const exact = wassersteinDistance(reference, window);
        const layout = NumericBinLayout.fit(reference, { bins: [20, 80, 160][trial % 3] as number });
        const w = wassersteinBounds(NumericBinSketch.of(layout, reference).alignWith(NumericBinSketch.of(layout, window)));
        const label = `${name} trial ${trial}`;
        expect(exact, label).toBeGreaterThanOrEqual(w.lower - tolerance(exact));
        expect(exact, label).toBeLessThanOrEqual(w.upper + tolerance(exact));
        expect(w.estimate, label).toBeGreaterThanOrEqual(w.lower);
        expect(w.estimate, label).toBeLessThanOrEqual(w.upper);
        const log = wassersteinBounds(LogBucketSketch.of(reference).alignWith(LogBucketSketch.of(window)));
        expect(exact, `${label}, log buckets`).toBeGreaterThanOrEqual(log.lower - tolerance(exact));
        expect(exact, `${label}, log buckets`).toBeLessThanOrEqual(log.upper + tolerance(exact));
      }
    }
  });

  it('is exact where the CDFs do not cross inside a bin: a shift, and values outside the reference range', () => {
    const r = seededRandom(9);
    const reference = Array.from({ length: 4000 }, () => normal(r));
    const layout = NumericBinLayout.fit(reference);
    const ref = NumericBinSketch.of(layout, reference);
    const far = Array.from({ length: 300 }, () => 50 + normal(r));
    const w = wassersteinBounds(ref.alignWith(NumericBinSketch.of(layout, far)));
    // Exact but for the positions' quantum: at most 1/2^16 of the reference range in all.
    const quantum = ((layout.edges[layout.edges.length - 1] as number) - (layout.edges[0] as number)) / 2 ** 16;
    const exactFar = wassersteinDistance(reference, far);
    expect(Math.abs(w.lower - exactFar)).toBeLessThanOrEqual(quantum);
    expect(w.upper - w.lower).toBeLessThanOrEqual(quantum);
    const shifted = Array.from({ length: 2000 }, () => normal(r) + 1);
    const s = wassersteinBounds(ref.alignWith(NumericBinSketch.of(layout, shifted)));
    const exact = wassersteinDistance(reference, shifted);
    expect(Math.abs(s.lower - exact) / exact).toBeLessThan(0.002);
    expect(Math.abs(s.estimate - exact) / exact).toBeLessThan(0.005);
  });

  it('is tighter with the position sums than with counts alone', () => {
    const r = seededRandom(10);
    const reference = Array.from({ length: 3000 }, () => normal(r));
    const window = Array.from({ length: 1000 }, () => normal(r) + 0.3);
    const layout = NumericBinLayout.fit(reference);
    const bins = NumericBinSketch.of(layout, reference).alignWith(NumericBinSketch.of(layout, window));
    const withSums = wassersteinBounds(bins);
    // The same bins with the means forgotten: each bin's own bounds (the outer sums kept, as they are exact).
    const forget = (side: typeof bins.first) => ({
      counts: side.counts,
      meanLow: Float64Array.from(bins.lower, (l, i) => (Number.isFinite(l) ? l : (side.meanLow[i] as number))),
      meanHigh: Float64Array.from(bins.upper, (u, i) => (Number.isFinite(u) ? u : (side.meanHigh[i] as number))),
    });
    const countsOnly = wassersteinBounds({ ...bins, first: forget(bins.first), second: forget(bins.second) });
    const exact = wassersteinDistance(reference, window);
    expect(countsOnly.lower).toBeLessThanOrEqual(exact + tolerance(exact));
    expect(countsOnly.upper).toBeGreaterThanOrEqual(exact - tolerance(exact));
    expect(withSums.upper - withSums.lower).toBeLessThan(0.5 * (countsOnly.upper - countsOnly.lower));
  });

  it('estimates 0 for identical sketches (their values may still differ inside the bins: the upper bound is not 0)', () => {
    const layout = NumericBinLayout.fit([1, 2, 3, 4, 5]);
    const s = NumericBinSketch.of(layout, [0, 1.5, 2, 7, 7]);
    const w = wassersteinBounds(s.alignWith(s));
    expect([w.estimate, w.lower]).toEqual([0, 0]);
    expect(w.upper).toBeGreaterThan(0);
    expect(wassersteinDistance([1.5], [1.6])).toBeLessThanOrEqual(wassersteinBounds(NumericBinSketch.of(layout, [1.5]).alignWith(NumericBinSketch.of(layout, [1.6]))).upper);
  });
});
