import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../../test/golden/drift/golden.ts';
import { DriftInputError } from './drift-input-error.ts';
import { ksExactPValue } from './ks-exact.ts';
import { ksTwoSample, type KsMethod } from './ks-two-sample.ts';

interface Expected {
  statistic: number;
  pValue: number | null;
  location: number;
  sign: 1 | -1;
  method: 'exact' | 'asymp';
}
interface Case {
  name: string;
  reference: string;
  window: string;
  results: Partial<Record<KsMethod, Expected>>;
}
const samples = readGolden<{ samples: Record<string, number[]> }>('samples.json').samples;
const golden = readGolden<{ cases: Case[] }>('ks-two-sample.json');

function sample(name: string): number[] {
  const s = samples[name];
  if (!s) throw new Error(`no sample ${name} in samples.json`);
  return s;
}

describe('ksTwoSample against scipy.stats.ks_2samp', () => {
  for (const c of golden.cases) {
    for (const [method, expected] of Object.entries(c.results) as [KsMethod, Expected][]) {
      it(`${c.name} (method=${method})`, () => {
        const result = ksTwoSample(sample(c.reference), sample(c.window), { method });
        expect(result.statistic).toBe(expected.statistic);
        expect(result.location).toBe(expected.location);
        expect(result.sign).toBe(expected.sign);
        if (expected.pValue === null) {
          // SciPy returns NaN for 1 vs 1 with method='asymp'; we return the exact p-value.
          expect(result.method).toBe('exact');
          expect(result.pValue).toBe(ksTwoSample(sample(c.reference), sample(c.window), { method: 'exact' }).pValue);
          return;
        }
        expect(result.method).toBe(expected.method);
        expectClose(result.pValue, expected.pValue, `${c.name} p-value`);
      });
    }
  }
});

describe('ksTwoSample edge cases', () => {
  it('gives D = 0 and p = 1 for identical samples, D = 1 for disjoint ones', () => {
    const x = [0.5, 1.5, 2.5, 3.5];
    expect(ksTwoSample(x, [...x].reverse())).toMatchObject({ statistic: 0, pValue: 1 });
    const disjoint = ksTwoSample([1, 2, 3], [10, 11]);
    expect(disjoint.statistic).toBe(1);
    expect(disjoint.pValue).toBeGreaterThan(0);
    expect(disjoint.pValue).toBeLessThan(1);
  });

  it('refuses empty samples and non-finite values', () => {
    expect(() => ksTwoSample([], [1])).toThrow(DriftInputError);
    expect(() => ksTwoSample([1], [])).toThrow(/window sample is empty/);
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/drop missing/);
    expect(() => ksTwoSample([1, 2], [Infinity])).toThrow(DriftInputError);
    expect(() => ksTwoSample([1], [2], { method: 'bogus' as KsMethod })).toThrow(RangeError);
  });

  it('falls back from exact to asymp when lcm(n1, n2) does not fit in 31 bits, as SciPy does', () => {
    expect(ksExactPValue(65537, 65539, 0.01)).toBeUndefined();
  });
});
