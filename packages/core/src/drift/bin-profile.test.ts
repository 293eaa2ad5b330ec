import { describe, expect, it } from 'vitest';
import { binCount, binLabels, countWindow, parseBinProfile } from './bin-profile.ts';
import { fitCategoricalProfile } from './categorical-profile.ts';
import { DriftInputError } from './drift-input-error.ts';
import { fitNumericProfile } from './numeric-profile.ts';

describe('bin profiles', () => {
  const numeric = fitNumericProfile([1, 2, 3, 4, 5], { bins: 2 });
  const categorical = fitCategoricalProfile(['a', 'b', 'a']);

  it('count a window by kind', () => {
    expect(countWindow(numeric, [0, 3, 6, null])).toEqual({ counts: [1, 0, 1, 1], missing: 1 });
    expect(countWindow(categorical, ['b', 'z'])).toEqual({ counts: [0, 1, 1], missing: 0 });
  });

  it('know their bin count and labels', () => {
    expect(binCount(numeric)).toBe(4);
    expect(binLabels(numeric)).toEqual(['(-inf, 1)', '[1, 3)', '[3, 5]', '(5, +inf)']);
    expect(binLabels(fitNumericProfile([7, 7]))).toEqual(['(-inf, 7)', '[7, 7]', '(7, +inf)']);
    expect(binCount(categorical)).toBe(3);
    expect(binLabels(categorical)).toEqual(['a', 'b', '(other)']);
  });

  it('round-trip through JSON and parseBinProfile', () => {
    for (const profile of [numeric, categorical]) {
      expect(parseBinProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
    }
  });

  it('refuse a stored profile that is not one, listing every problem', () => {
    expect(() => parseBinProfile(null)).toThrow(DriftInputError);
    let message = '';
    try {
      parseBinProfile({ kind: 'numeric', version: 2, edges: [1, 1, Infinity], referenceCounts: [1, -1], referenceMissing: -1 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('version must be 1');
    expect(message).toContain('referenceMissing must be a non-negative integer');
    expect(message).toContain('edges must increase strictly');
    expect(message).toContain('edges[2] must be a finite number');
    expect(message).toContain('referenceCounts has 2 entries; the bins need 4');
    expect(message).toContain('referenceCounts[1] must be a non-negative finite number');
    expect(() => parseBinProfile({ kind: 'categorical', version: 1, categories: ['a', 'a'], referenceCounts: [1, 1, 0], referenceMissing: 0 })).toThrow(/repeats "a"/);
    expect(() => parseBinProfile({ kind: 'categorical', version: 1, categories: ['a'], referenceCounts: [0, 0], referenceMissing: 0 })).toThrow(/all zero/);
    expect(() => parseBinProfile({ kind: 'ordinal', version: 1 })).toThrow(/kind must be/);
  });
});
