import { durbinCdf } from './kolmogorov-durbin.ts';
import { pelzGoodCdf } from './kolmogorov-pelz-good.ts';
import { pomeranzCdf } from './kolmogorov-pomeranz.ts';
import { clipProbability } from './scaled-arithmetic.ts';
import { smirnovSurvival } from './smirnov-distribution.ts';

/**
 * The survival function P(D_n > x) of the two-sided one-sample Kolmogorov-Smirnov statistic for
 * sample size n (SciPy: `scipy.stats.kstwo.sf(x, n)`), which `ks_2samp(method='asymp')` evaluates
 * at n = round(n1 n2 / (n1 + n2)).
 *
 * The method depends on n and x as Simard and L'Ecuyer (2011) recommend and SciPy's `_kolmogn`
 * implements; this follows SciPy's branches and cut-offs exactly, so both give the same number:
 * - n x <= 1 and n x >= n - 1: Ruben and Gambino's closed forms;
 * - x >= 0.5: 2 P(D+_n >= x), exact there (Smirnov's one-sided sum, smirnov-distribution.ts);
 * - n <= 140: Durbin's matrix (n x^2 <= 0.754693), Pomeranz (<= 4), else 2 P(D+_n >= x);
 * - n > 140: 0 when n x^2 >= 370, 2 P(D+_n >= x) when >= 2.2 (Miller's approximation, accurate in
 *   that tail), otherwise 1 - CDF with the CDF from Durbin's matrix when n <= 100000 and
 *   n x^1.5 <= 1.4, else from the Pelz-Good asymptotic series.
 * The exact branches are exact to about 1e-13; the approximate ones are SciPy's approximations.
 */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the Kolmogorov distribution needs a positive integer n, got ${n}`);
  if (Number.isNaN(x)) throw new RangeError('Kolmogorov distribution: x is NaN');
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clipProbability(2 * smirnovSurvival(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - durbinCdf(n, x));
    if (nxSquared <= 4) return clipProbability(1 - pomeranzCdf(n, x));
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSurvival(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}

// Bernoulli-number coefficients of Stirling's series, B_2j / (2j (2j - 1)), j = 8 .. 1.
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** ln(n! / n^n) by Stirling's series with n ln n removed up front (SciPy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * y + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}
