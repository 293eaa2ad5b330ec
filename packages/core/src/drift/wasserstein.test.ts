import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { normedWassersteinDistance, wassersteinDistance } from './wasserstein.ts';

interface Case {
  name: string;
  reference: string;
  window: string;
  wasserstein: number;
  normedWasserstein: number;
}
const samples = readGolden<{ samples: Record<string, number[]> }>('samples.json').samples;
const golden = readGolden<{ cases: Case[] }>('wasserstein.json');

describe('wassersteinDistance against scipy.stats.wasserstein_distance', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const reference = samples[c.reference] as number[];
      const window = samples[c.window] as number[];
      expectClose(wassersteinDistance(reference, window), c.wasserstein, `${c.name} wasserstein`);
      expectClose(normedWassersteinDistance(reference, window), c.normedWasserstein, `${c.name} normed (Evidently)`);
    });
  }
});

describe('wassersteinDistance edge cases', () => {
  it('is 0 for identical samples, symmetric, and the mean shift for a translated sample', () => {
    expect(wassersteinDistance([3, 1, 2], [1, 2, 3])).toBe(0);
    expect(wassersteinDistance([0, 1], [5])).toBe(wassersteinDistance([5], [0, 1]));
    expect(wassersteinDistance([0, 1, 2], [10, 11, 12])).toBe(10);
  });

  it('divides by 0.001 when the reference is constant (Evidently)', () => {
    expect(normedWassersteinDistance([2, 2, 2], [2.001])).toBeCloseTo(1, 9);
  });

  it('refuses empty samples and non-finite values', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(DriftInputError);
    expect(() => wassersteinDistance([1], [Number.NaN])).toThrow(DriftInputError);
  });
});
