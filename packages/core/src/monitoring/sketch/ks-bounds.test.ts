import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival } from '../../drift/kolmogorov-distribution.ts';
import { ksTwoSample } from '../../drift/ks-two-sample.ts';
import { seededRandom, type SeededRandom } from '../../drift/seeded-random.ts';
import { ksBounds, ksDecision } from './ks-bounds.ts';
import { LogBucketSketch } from './log-bucket-sketch.ts';
import { NumericBinLayout } from './numeric-bin-layout.ts';
import { NumericBinSketch } from './numeric-bin-sketch.ts';

const normal = (r: SeededRandom): number => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
const streams: Record<string, (r: SeededRandom, shift: number) => number> = {
  normal: (r, s) => normal(r) + s,
  lognormal: (r, s) => Math.exp(normal(r) + s),
  integers: (r, s) => Math.floor(4 * r.next() + 6 * r.next() + 3 * s),
  offset: (r, s) => 1000 + 0.01 * (normal(r) + s),
  mixed: (r, s) => (r.next() < 0.3 ? 0 : normal(r) * (1 + s)),
};

describe('ksBounds', () => {
  it('brackets the exact D (ksTwoSample, equal to SciPy’s) and stays within D_edges + the largest bin share', () => {
    const r = seededRandom(5);
    for (const [name, draw] of Object.entries(streams)) {
      for (let trial = 0; trial < 12; trial++) {
        const reference = Array.from({ length: 300 + r.nextInt(3000) }, () => draw(r, 0));
        const window = Array.from({ length: 20 + r.nextInt(2000) }, () => draw(r, 0.5 * r.next()));
        const exact = ksTwoSample(reference, window).statistic;
        const layout = NumericBinLayout.fit(reference, { bins: [20, 80, 160][trial % 3] as number });
        const a = NumericBinSketch.of(layout, reference);
        const b = NumericBinSketch.of(layout, window);
        const bounds = ksBounds(a.alignWith(b));
        const label = `${name} trial ${trial}`;
        expect(exact, label).toBeGreaterThanOrEqual(bounds.lower - 1e-12);
        expect(exact, label).toBeLessThanOrEqual(bounds.upper + 1e-12);
        let largest = 0;
        for (let i = 0; i < layout.binCount; i++) largest = Math.max(largest, a.binCount(i) / a.count, b.binCount(i) / b.count);
        expect(bounds.upper, label).toBeLessThanOrEqual(bounds.lower + largest + 1e-12);
        const log = ksBounds(LogBucketSketch.of(reference).alignWith(LogBucketSketch.of(window)));
        expect(exact, `${label}, log buckets`).toBeGreaterThanOrEqual(log.lower - 1e-12);
        expect(exact, `${label}, log buckets`).toBeLessThanOrEqual(log.upper + 1e-12);
      }
    }
  });

  it('is exact on ties: a bin holding one value on both sides is a point mass', () => {
    // Integers: every in-range bin [k, k + 1) holds k alone, but the last, closed bin [6, 7] holds two values
    // (there the window has none, so the bound gains nothing either).
    const r = seededRandom(6);
    const reference = Array.from({ length: 2000 }, () => r.nextInt(8));
    const window = Array.from({ length: 500 }, () => r.nextInt(6));
    const bounds = ksBounds(NumericBinSketch.of(NumericBinLayout.fit(reference), reference).alignWith(NumericBinSketch.of(NumericBinLayout.fit(reference), window)));
    expect(bounds.lower).toBe(bounds.upper);
    expect(bounds.statistic).toBeCloseTo(ksTwoSample(reference, window).statistic, 14);
  });

  it('gives SciPy’s asymptotic p-values at both ends: kstwo.sf(D, round(n1 n2 / (n1 + n2)))', () => {
    const r = seededRandom(7);
    const reference = Array.from({ length: 3000 }, () => normal(r));
    const window = Array.from({ length: 400 }, () => normal(r) + 0.1);
    const layout = NumericBinLayout.fit(reference);
    const bounds = ksBounds(NumericBinSketch.of(layout, reference).alignWith(NumericBinSketch.of(layout, window)));
    expect(bounds.effectiveN).toBe(353);
    expect(bounds.pValue).toBe(kolmogorovSurvival(353, bounds.lower));
    expect(bounds.pValueLow).toBe(kolmogorovSurvival(353, bounds.upper));
    expect(ksTwoSample(reference, window, { method: 'asymp' }).pValue).toBeLessThanOrEqual(bounds.pValue + 1e-15);
    expect(ksTwoSample(reference, window, { method: 'asymp' }).pValue).toBeGreaterThanOrEqual(bounds.pValueLow - 1e-15);
  });

  it('decides only when the whole p-value bracket is on one side of alpha', () => {
    const at = (pValueLow: number, pValue: number) => ({ statistic: 0, lower: 0, upper: 0, n1: 1, n2: 1, effectiveN: 1, pValue, pValueLow });
    expect(ksDecision(at(0.001, 0.04), 0.05)).toBe('drift');
    expect(ksDecision(at(0.05, 0.3), 0.05)).toBe('no_drift');
    expect(ksDecision(at(0.01, 0.2), 0.05)).toBe('undecided');
    expect(() => ksDecision(at(0, 0), 0)).toThrow(RangeError);
  });

  it('refuses an empty side', () => {
    const layout = NumericBinLayout.fit([1, 2, 3]);
    expect(() => ksBounds(NumericBinSketch.of(layout, [1]).alignWith(new NumericBinSketch(layout)))).toThrow(/second side is empty/);
  });
});
