import { describe, expect, it } from 'vitest';
import { readGolden } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { binnedNullThreshold, resampledQuantile, sampleNullThreshold } from './null-threshold.ts';
import { psi } from './psi.ts';
import { seededRandom } from './seeded-random.ts';
import { wassersteinDistance } from './wasserstein.ts';

const deciles = [0, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 0];
const quantiles = readGolden<{ chiSquareQuantiles: { bins: number; chiSquareQuantile: number }[] }>('chi-square.json').chiSquareQuantiles;

/** A window of n values drawn from the shares of `counts` (what a window without drift looks like). */
function nullWindow(counts: readonly number[], n: number, random: ReturnType<typeof seededRandom>): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const window = counts.map(() => 0);
  for (let k = 0; k < n; k++) {
    let u = random.next() * total;
    let i = 0;
    while (u >= (counts[i] as number)) u -= counts[i++] as number;
    window[i] = (window[i] as number) + 1;
  }
  return window;
}

describe('binnedNullThreshold', () => {
  it('is deterministic for a seed', () => {
    const a = binnedNullThreshold(deciles, 200, psi, { seed: 11 });
    expect(binnedNullThreshold(deciles, 200, psi, { seed: 11 })).toEqual(a);
    expect(binnedNullThreshold(deciles, 200, psi, { seed: 12 }).threshold).not.toBe(a.threshold);
    expect(a).toMatchObject({ alpha: 0.05, resamples: 500, seed: 11, windowSize: 200 });
  });

  it('shrinks as windows grow, about as 1/n', () => {
    const t100 = binnedNullThreshold(deciles, 100, psi).threshold;
    const t1000 = binnedNullThreshold(deciles, 1000, psi).threshold;
    const t10000 = binnedNullThreshold(deciles, 10000, psi, { resamples: 200 }).threshold;
    expect(t100).toBeGreaterThan(t1000);
    expect(t1000).toBeGreaterThan(t10000);
    expect(t1000 / t10000).toBeGreaterThan(7);
    expect(t1000 / t10000).toBeLessThan(13);
  });

  it('agrees with the asymptotic null: n * PSI ~ chi-square with bins - 1 dof (95th percentile from SciPy)', () => {
    const expected = quantiles.find((q) => q.bins === 10)?.chiSquareQuantile as number;
    const n = 5000;
    const { threshold } = binnedNullThreshold(deciles, n, psi, { resamples: 2000, seed: 5 });
    expect(Math.abs((threshold * n) / expected - 1)).toBeLessThan(0.1);
  });

  it('keeps the false-alarm rate near alpha on fresh windows without drift', () => {
    const counts = [0, 120, 300, 80, 500, 0];
    const n = 150;
    const { threshold } = binnedNullThreshold(counts, n, jensenShannonDistance, { resamples: 2000, seed: 2 });
    const random = seededRandom(99);
    let alarms = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) if (jensenShannonDistance(counts, nullWindow(counts, n, random)) > threshold) alarms++;
    expect(alarms / trials).toBeGreaterThan(0.025);
    expect(alarms / trials).toBeLessThan(0.08);
  });

  it('refuses bad sizes, options and counts', () => {
    expect(() => binnedNullThreshold(deciles, 0, psi)).toThrow(/windowSize/);
    expect(() => binnedNullThreshold(deciles, 10, psi, { alpha: 1 })).toThrow(/alpha/);
    expect(() => binnedNullThreshold(deciles, 10, psi, { resamples: 1 })).toThrow(/resamples/);
    expect(() => binnedNullThreshold([0, 0], 10, psi)).toThrow(DriftInputError);
    expect(() => binnedNullThreshold([1, -1], 10, psi)).toThrow(DriftInputError);
    expect(() => binnedNullThreshold([1, 1], 10, () => Number.NaN)).toThrow(/NaN/);
  });
});

describe('sampleNullThreshold', () => {
  const random = seededRandom(123);
  const reference = Array.from({ length: 2000 }, () => random.next() * 10);

  it('is deterministic and shrinks as windows grow (Wasserstein)', () => {
    const small = sampleNullThreshold(reference, 50, wassersteinDistance, { resamples: 200 });
    expect(sampleNullThreshold(reference, 50, wassersteinDistance, { resamples: 200 })).toEqual(small);
    const large = sampleNullThreshold(reference, 800, wassersteinDistance, { resamples: 200 });
    expect(small.threshold).toBeGreaterThan(large.threshold);
    // Wasserstein noise shrinks as 1/sqrt(n): 16x the values, about a quarter of the threshold.
    expect(small.threshold / large.threshold).toBeGreaterThan(2.5);
    expect(small.threshold / large.threshold).toBeLessThan(6);
  });

  it('refuses an empty reference', () => {
    expect(() => sampleNullThreshold([], 5, wassersteinDistance)).toThrow(DriftInputError);
  });
});

describe('resampledQuantile', () => {
  it('is the linear (1 - alpha) quantile of the resampled values', () => {
    // Uniform draws: the 90th percentile of 4000 of them is near 0.9.
    expect(resampledQuantile((r) => r.next(), { alpha: 0.1, resamples: 4000 })).toBeCloseTo(0.9, 1);
  });
});
