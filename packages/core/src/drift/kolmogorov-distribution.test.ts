import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../../test/golden/drift/golden.ts';
import { kolmogorovSurvival } from './kolmogorov-distribution.ts';
import { smirnovSurvival } from './smirnov-distribution.ts';

interface Point {
  n: number;
  x: number;
  sf: number;
}
const golden = readGolden<{ kstwo: Point[]; smirnov: Point[] }>('kolmogorov.json');

describe('kolmogorovSurvival', () => {
  it('matches scipy.stats.kstwo.sf to 1e-9 relative on every branch (n from 1 to 3e6)', () => {
    expect(golden.kstwo.length).toBeGreaterThan(500);
    for (const { n, x, sf } of golden.kstwo) {
      if (sf === 0 || sf < 1e-300) expect(kolmogorovSurvival(n, x), `kstwo.sf(${x}, ${n})`).toBeLessThan(1e-300);
      else expectClose(kolmogorovSurvival(n, x), sf, `kstwo.sf(${x}, ${n})`);
    }
  });

  it('is 1 at 0, 0 at 1, and refuses a bad n or NaN', () => {
    expect(kolmogorovSurvival(10, 0)).toBe(1);
    expect(kolmogorovSurvival(10, 1)).toBe(0);
    expect(() => kolmogorovSurvival(0, 0.5)).toThrow(RangeError);
    expect(() => kolmogorovSurvival(2.5, 0.5)).toThrow(RangeError);
    expect(() => kolmogorovSurvival(10, Number.NaN)).toThrow(RangeError);
  });
});

describe('smirnovSurvival', () => {
  it('matches scipy.special.smirnov to 1e-9 relative', () => {
    for (const { n, x, sf } of golden.smirnov) {
      if (sf === 0 || sf < 1e-300) expect(smirnovSurvival(n, x), `smirnov(${n}, ${x})`).toBeLessThan(1e-300);
      else expectClose(smirnovSurvival(n, x), sf, `smirnov(${n}, ${x})`);
    }
  });
});
