import { describe, expect, it } from 'vitest';
import type { BinningFixture } from '../../../../../test/golden/drift/binned-cases.ts';
import { readGolden } from '../../../../../test/golden/drift/golden.ts';
import { countCategorical, fitCategoricalProfile } from '../../drift/categorical-profile.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { CategoricalSketch, MAX_KEPT_VALUE_LENGTH } from './categorical-sketch.ts';
import { CategoryLayout } from './category-layout.ts';

const golden = readGolden<BinningFixture>('binning.json');

describe('CategoricalSketch', () => {
  it('gives exactly today’s counts (countCategorical, and the golden cases) against its reference', () => {
    for (const c of golden.categorical) {
      const profile = fitCategoricalProfile(c.reference, c.maxCategories === null ? {} : { maxCategories: c.maxCategories });
      const sketch = CategoricalSketch.of(CategoryLayout.of(profile), c.window);
      expect(sketch.binCounts(), c.name).toEqual(c.windowCounts);
      expect(sketch.profileCounts(profile), c.name).toEqual({ counts: countCategorical(profile, c.window).counts, missing: 0, exact: true });
    }
  });

  it('counts null and undefined as missing; the empty string is a category', () => {
    const layout = new CategoryLayout(['', 'a']);
    const s = CategoricalSketch.of(layout, ['', 'a', null, undefined, 'z', '']);
    expect(s.binCounts()).toEqual([2, 1, 1]);
    expect(s.missing).toBe(2);
    expect(s.count).toBe(4);
    expect(() => s.add(3 as unknown as string)).toThrow(/addMissing/);
  });

  it('scores a window counted before its reference existed exactly, while its other values fit', () => {
    const reference = ['a', 'a', 'b', 'c', 'c', 'c'];
    const window = ['c', 'a', 'd', 'd', null, 'e', 'c'];
    const profile = fitCategoricalProfile(reference);
    const early = CategoricalSketch.of(CategoryLayout.EMPTY, window, { otherCapacity: 8 });
    expect(early.truncated).toBe(false);
    expect(early.profileCounts(profile)).toEqual({ ...countCategorical(profile, window), exact: true });
    // Too many distinct values: the kept ones are a sample, so a reference category may be lost.
    const crowded = CategoricalSketch.of(CategoryLayout.EMPTY, [...window, ...Array.from({ length: 50 }, (_, i) => `v${i}`)], { otherCapacity: 8 });
    expect(crowded.truncated).toBe(true);
    const counts = crowded.profileCounts(profile);
    expect(counts.counts.reduce((s, c) => s + c, 0)).toBe(crowded.count);
    expect(counts.exact).toBe(crowded.otherValues().some((e) => e.value === 'a') && crowded.otherValues().some((e) => e.value === 'c'));
  });

  it('keeps other values by value up to its capacity, and only counts values that are too long', () => {
    const s = CategoricalSketch.of(new CategoryLayout(['a']), ['b', 'b', 'x'.repeat(MAX_KEPT_VALUE_LENGTH + 1), 'a'], { otherCapacity: 4 });
    expect(s.other).toBe(3);
    expect(s.otherValues()).toEqual([{ value: 'b', count: 2 }]);
    expect(s.truncated).toBe(true);
    const none = CategoricalSketch.of(new CategoryLayout(['a']), ['b', 'c'], { otherCapacity: 0 });
    expect(none.binCounts()).toEqual([0, 2]);
    expect(none.otherValues()).toEqual([]);
  });

  it('encodes values of any code units, a lone surrogate included', () => {
    const layout = new CategoryLayout(['日本']);
    const s = CategoricalSketch.of(layout, ['日本', '\udc00x', 'é', '😀']);
    const back = CategoricalSketch.decode(s.encode(), layout);
    expect(back.otherValues()).toEqual(s.otherValues());
    expect(back.otherValues().map((e) => e.value)).toEqual(['é', '\udc00x', '😀'].sort());
  });

  it('refuses to merge or decode across layouts, and inconsistent bytes', () => {
    const a = new CategoricalSketch(new CategoryLayout(['a']));
    expect(() => a.merge(new CategoricalSketch(new CategoryLayout(['b'])))).toThrow(DriftInputError);
    expect(() => a.merge(new CategoricalSketch(new CategoryLayout(['a']), { otherCapacity: 3 }))).toThrow(/otherCapacity/);
    const bytes = CategoricalSketch.of(new CategoryLayout(['a']), ['a', 'b']).encode();
    expect(() => CategoricalSketch.decode(bytes, new CategoryLayout(['b']))).toThrow(/counted against other categories/);
    // A kept value that is one of the layout's categories.
    const layout = new CategoryLayout(['a']);
    const other = CategoricalSketch.of(CategoryLayout.EMPTY, ['a']).encode();
    expect(() => CategoricalSketch.decode(other, layout)).toThrow(/counted against other categories/);
  });
});
