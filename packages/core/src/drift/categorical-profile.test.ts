import { describe, expect, it } from 'vitest';
import type { BinningFixture } from '../../../../test/golden/drift/binned-cases.ts';
import { readGolden } from '../../../../test/golden/drift/golden.ts';
import { countCategorical, fitCategoricalProfile } from './categorical-profile.ts';
import { DriftInputError } from './drift-input-error.ts';

const golden = readGolden<BinningFixture>('binning.json');

describe('fitCategoricalProfile against the Python reference', () => {
  for (const c of golden.categorical) {
    it(c.name, () => {
      const profile = fitCategoricalProfile(c.reference, c.maxCategories === null ? {} : { maxCategories: c.maxCategories });
      expect(profile.categories).toEqual(c.categories);
      expect(profile.referenceCounts).toEqual(c.referenceCounts);
      expect(countCategorical(profile, c.window)).toEqual({ counts: c.windowCounts, missing: 0 });
    });
  }
});

describe('categorical profiles', () => {
  it('order categories by count, ties by code unit, and end with the other bin', () => {
    const profile = fitCategoricalProfile(['b', 'a', 'c', 'c', 'b', 'c', 'd']);
    expect(profile.categories).toEqual(['c', 'b', 'a', 'd']);
    expect(profile.referenceCounts).toEqual([3, 2, 1, 1, 0]);
  });

  it('send unseen categories to the other bin and count null as missing', () => {
    const profile = fitCategoricalProfile(['x', 'y', null, 'x']);
    expect(profile.referenceMissing).toBe(1);
    expect(countCategorical(profile, ['x', 'new', undefined, 'y', 'other'])).toEqual({ counts: [1, 1, 2], missing: 1 });
  });

  it('keep the empty string as a category', () => {
    expect(fitCategoricalProfile(['', '', 'a']).categories).toEqual(['', 'a']);
  });

  it('put the categories cut by maxCategories into the other bin of the reference too', () => {
    const profile = fitCategoricalProfile(['a', 'a', 'a', 'b', 'b', 'c'], { maxCategories: 1 });
    expect(profile.categories).toEqual(['a']);
    expect(profile.referenceCounts).toEqual([3, 3]);
  });

  it('refuse a reference without values and a bad maxCategories', () => {
    expect(() => fitCategoricalProfile([null])).toThrow(DriftInputError);
    expect(() => fitCategoricalProfile(['a'], { maxCategories: 0 })).toThrow(/maxCategories/);
  });
});
