import { describe, expect, it } from 'vitest';
import type { BinningFixture } from '../../../../test/golden/drift/binned-cases.ts';
import { readGolden } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { countNumeric, fitNumericProfile, numericBinIndex } from './numeric-profile.ts';

const golden = readGolden<BinningFixture>('binning.json');

describe('fitNumericProfile against np.quantile + np.unique', () => {
  for (const c of golden.numeric) {
    it(`${c.name}: edges bit for bit, counts exactly`, () => {
      const reference = golden.samples[c.reference] as number[];
      const window = golden.samples[c.window] as number[];
      const profile = fitNumericProfile(reference, { bins: c.bins });
      expect(profile.edges).toEqual(c.edges);
      expect(profile.referenceCounts).toEqual(c.referenceCounts);
      expect(profile.referenceMissing).toBe(0);
      expect(countNumeric(profile, window)).toEqual({ counts: c.windowCounts, missing: 0 });
    });
  }
});

describe('numeric bins', () => {
  const profile = fitNumericProfile([1, 2, 3, 4, 5], { bins: 4 });

  it('are (-inf, e0), [e0, e1), ..., [e(k-1), ek], (ek, +inf)', () => {
    expect(profile.edges).toEqual([1, 2, 3, 4, 5]);
    expect(profile.referenceCounts).toEqual([0, 1, 1, 1, 2, 0]);
    expect([0.5, 1, 1.5, 2, 4.99, 5, 5.01].map((v) => numericBinIndex(profile.edges, v))).toEqual([0, 1, 1, 2, 4, 4, 5]);
    expect(numericBinIndex(profile.edges, -Infinity)).toBe(0);
    expect(numericBinIndex(profile.edges, Infinity)).toBe(5);
  });

  it('remove duplicate quantiles, so ties make fewer bins, not empty ones', () => {
    const tied = fitNumericProfile([0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    expect(tied.edges[0]).toBe(0);
    expect(new Set(tied.edges).size).toBe(tied.edges.length);
    expect(tied.referenceCounts[1]).toBe(7);
  });

  it('give a constant reference one edge and three bins', () => {
    const constant = fitNumericProfile([2, 2, 2]);
    expect(constant.edges).toEqual([2]);
    expect(constant.referenceCounts).toEqual([0, 3, 0]);
    expect(countNumeric(constant, [1, 2, 3, 2]).counts).toEqual([1, 2, 1]);
  });

  it('count null, undefined and NaN as missing, in the reference and in windows', () => {
    const withMissing = fitNumericProfile([1, null, 2, Number.NaN, 3, undefined]);
    expect(withMissing.referenceMissing).toBe(3);
    expect(withMissing.referenceCounts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(countNumeric(withMissing, [null, 2, Number.NaN]).missing).toBe(2);
  });

  it('are plain JSON', () => {
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('refuse a reference without values, with an infinite value, and a bad bin count', () => {
    expect(() => fitNumericProfile([])).toThrow(/no values/);
    expect(() => fitNumericProfile([null, Number.NaN])).toThrow(DriftInputError);
    expect(() => fitNumericProfile([1, Infinity])).toThrow(/finite/);
    expect(() => fitNumericProfile([1, 2], { bins: 0 })).toThrow(/bins must be a positive integer/);
    expect(() => fitNumericProfile([1, 2], { bins: 2.5 })).toThrow(DriftInputError);
  });
});
