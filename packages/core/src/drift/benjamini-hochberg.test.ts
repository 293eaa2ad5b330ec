import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../../test/golden/drift/golden.ts';
import { benjaminiHochberg } from './benjamini-hochberg.ts';
import { DriftInputError } from './drift-input-error.ts';

interface Case {
  name: string;
  pValues: number[];
  alpha: number;
  statsmodelsAdjusted: number[];
  statsmodelsRejected: boolean[];
  scipyAdjusted: number[];
}
const golden = readGolden<{ cases: Case[] }>('benjamini-hochberg.json');

describe('benjaminiHochberg against statsmodels fdr_bh and scipy false_discovery_control', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const result = benjaminiHochberg(c.pValues, { alpha: c.alpha });
      expect(result.rejected).toEqual(c.statsmodelsRejected);
      c.pValues.forEach((_, i) => {
        const actual = result.adjusted[i] as number;
        expectClose(actual, c.statsmodelsAdjusted[i] as number, `${c.name}[${i}] statsmodels`, { relative: 1e-12, absolute: 0 });
        expectClose(actual, c.scipyAdjusted[i] as number, `${c.name}[${i}] scipy`, { relative: 1e-12, absolute: 0 });
      });
    });
  }
});

describe('benjaminiHochberg edge cases', () => {
  it('returns nothing for no tests', () => {
    expect(benjaminiHochberg([])).toEqual({ adjusted: [], rejected: [] });
  });

  it('rejects every test up to the largest one under its line (step-up)', () => {
    // 0.03 is above its own line (2/4 * 0.05 = 0.025), but 0.035 is under its line (0.0375), so both go.
    expect(benjaminiHochberg([0.001, 0.03, 0.035, 0.9]).rejected).toEqual([true, true, true, false]);
  });

  it('refuses NaN, values outside [0, 1] and a bad alpha', () => {
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow(DriftInputError);
    expect(() => benjaminiHochberg([1.5])).toThrow(/within \[0, 1\]/);
    expect(() => benjaminiHochberg([0.1], { alpha: 0 })).toThrow(/alpha/);
  });
});
