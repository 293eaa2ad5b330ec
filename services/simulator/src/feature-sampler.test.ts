import { describe, expect, it } from 'vitest';
import { sampleFeature, standardize } from './feature-sampler.ts';
import type { FeatureSpec, NumericFeature } from './feature-spec.ts';
import { createRandom } from './random.ts';

const N = 20000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function draw(spec: FeatureSpec, drift?: Parameters<typeof sampleFeature>[2]) {
  const r = createRandom('features', spec.name);
  return Array.from({ length: N }, () => sampleFeature(spec, r, drift));
}
const numbers = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number');

describe('sampleFeature', () => {
  const income: NumericFeature = { name: 'income', type: 'numeric', distribution: { kind: 'normal', mean: 100, sd: 10 } };

  it('draws the training distribution without drift', () => {
    const xs = numbers(draw(income));
    expect(mean(xs)).toBeCloseTo(100, 0);
    expect(sd(xs)).toBeCloseTo(10, 0);
  });

  it('shifts by standard deviations and scales the spread', () => {
    const xs = numbers(draw(income, { shift: 2, scale: 1.5, intensity: 1 }));
    expect(mean(xs)).toBeCloseTo(120, 0);
    expect(sd(xs)).toBeCloseTo(15, 0);
    const half = numbers(draw(income, { shift: 2, scale: 1, intensity: 0.5 }));
    expect(mean(half)).toBeCloseTo(110, 0);
  });

  it('shifts a lognormal multiplicatively and a poisson by its own spread', () => {
    const amount: NumericFeature = { name: 'amount', type: 'numeric', distribution: { kind: 'lognormal', median: 40, sigma: 0.5 } };
    expect(median(numbers(draw(amount))) / 40).toBeCloseTo(1, 1);
    expect(median(numbers(draw(amount, { shift: 1, scale: 1, intensity: 1 }))) / (40 * Math.exp(0.5))).toBeCloseTo(1, 1);
    const count: NumericFeature = { name: 'count', type: 'numeric', distribution: { kind: 'poisson', lambda: 4 } };
    const counts = numbers(draw(count, { shift: 1, scale: 1, intensity: 1 }));
    expect(counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(mean(counts)).toBeCloseTo(6, 0);
  });

  it('keeps bounds and decimals', () => {
    const score: NumericFeature = { name: 'score', type: 'numeric', distribution: { kind: 'uniform', min: 0, max: 10 }, min: 2, max: 8, decimals: 1 };
    const xs = numbers(draw(score, { shift: 3, scale: 1, intensity: 1 }));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThanOrEqual(8);
    expect(xs.every((x) => Math.round(x * 10) === x * 10)).toBe(true);
  });

  it('sends nulls at the null rate, and at the drift one during a drift', () => {
    const spec: NumericFeature = { ...income, nullRate: 0.1 };
    expect(draw(spec).filter((v) => v === null).length / N).toBeCloseTo(0.1, 1);
    expect(draw(spec, { shift: 0, scale: 1, nullRate: 0.5, intensity: 1 }).filter((v) => v === null).length / N).toBeCloseTo(0.5, 1);
  });

  it('changes the category mix, adding new categories', () => {
    const spec: FeatureSpec = { name: 'channel', type: 'categorical', categories: { web: 3, app: 1 } };
    const share = (values: unknown[], c: string) => values.filter((v) => v === c).length / values.length;
    const before = draw(spec);
    expect(share(before, 'web')).toBeCloseTo(0.75, 1);
    const after = draw(spec, { shift: 0, scale: 1, categories: { web: 0, kiosk: 1 }, intensity: 1 });
    expect(share(after, 'web')).toBe(0);
    expect(share(after, 'kiosk')).toBeCloseTo(0.8, 1);
  });

  it('flips booleans with a drift', () => {
    const spec: FeatureSpec = { name: 'flag', type: 'boolean', trueRate: 0.1 };
    expect(draw(spec).filter((v) => v === true).length / N).toBeCloseTo(0.1, 1);
    expect(draw(spec, { shift: 0, scale: 1, trueRate: 0.9, intensity: 1 }).filter((v) => v === true).length / N).toBeCloseTo(0.9, 1);
  });
});

describe('standardize', () => {
  it('inverts each distribution to standard deviations from its centre', () => {
    expect(standardize({ kind: 'normal', mean: 100, sd: 10 }, 120)).toBeCloseTo(2);
    expect(standardize({ kind: 'lognormal', median: 40, sigma: 0.5 }, 40 * Math.exp(0.5))).toBeCloseTo(1);
    expect(standardize({ kind: 'uniform', min: 0, max: 12 }, 6)).toBeCloseTo(0);
    expect(standardize({ kind: 'poisson', lambda: 4 }, 6)).toBeCloseTo(1);
    expect(standardize({ kind: 'normal', mean: 0, sd: 1 }, 1e9)).toBe(5);
  });
});
