import { describe, expect, it } from 'vitest';
import { fitCategoricalProfile } from '../../drift/categorical-profile.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { CategoryLayout } from './category-layout.ts';

describe('CategoryLayout', () => {
  it('lists a profile’s categories in its order', () => {
    const profile = fitCategoricalProfile(['b', 'a', 'b', 'c', 'b', 'a']);
    const layout = CategoryLayout.of(profile);
    expect(layout.categories).toEqual(['b', 'a', 'c']);
    expect(['b', 'a', 'c', 'd', ''].map((v) => layout.indexOf(v))).toEqual([0, 1, 2, -1, -1]);
  });

  it('fingerprints the categories and their order', () => {
    const fps = new Set([new CategoryLayout(['a', 'b']), new CategoryLayout(['b', 'a']), new CategoryLayout(['ab']), new CategoryLayout([]), new CategoryLayout([''])].map((l) => l.fingerprint));
    expect(fps.size).toBe(5);
    expect(new CategoryLayout(['a', 'b']).equals(new CategoryLayout(['a', 'b']))).toBe(true);
    expect(CategoryLayout.EMPTY.categories).toEqual([]);
  });

  it('refuses repeated or non-string categories', () => {
    expect(() => new CategoryLayout(['a', 'a'])).toThrow(DriftInputError);
    expect(() => new CategoryLayout([1 as unknown as string])).toThrow(/must be a string/);
  });
});
