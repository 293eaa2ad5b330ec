import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../../test/golden/drift/golden.ts';
import { chiSquareSurvival } from './chi-square-distribution.ts';

interface Fixture {
  chiSquareSf: { dof: number; x: number; sf: number }[];
}
const golden = readGolden<Fixture>('chi-square.json');

describe('chiSquareSurvival', () => {
  it('matches scipy.stats.chi2.sf to 1e-9 relative from 1 down to 1e-300, 1 to 20000 dof', () => {
    expect(golden.chiSquareSf.length).toBeGreaterThan(300);
    for (const { dof, x, sf } of golden.chiSquareSf) {
      expectClose(chiSquareSurvival(x, dof), sf, `chi2.sf(${x}, ${dof})`);
    }
  });

  it('is 1 at and below 0 and refuses NaN or a bad dof', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-2, 3)).toBe(1);
    expect(() => chiSquareSurvival(Number.NaN, 3)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
  });
});
