import { regularizedGammaQ } from './gamma.ts';

/**
 * The chi-square survival function P(X >= x) for `dof` degrees of freedom (SciPy:
 * `scipy.stats.chi2.sf(x, dof)`), as Q(dof/2, x/2). Accurate to about 1e-14 relative down to
 * 1e-300; smaller p-values underflow to 0. x <= 0 gives 1.
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (!(dof > 0) || !Number.isFinite(dof)) throw new RangeError(`degrees of freedom must be finite and > 0, got ${dof}`);
  if (Number.isNaN(x)) throw new RangeError('chi-square statistic is NaN');
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}
