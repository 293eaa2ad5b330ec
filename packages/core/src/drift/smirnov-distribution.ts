import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { stirlingCorrection } from './gamma.ts';

const LN_SQRT_2PI = 0.9189385332046728;
/** exp() of anything below this is 0 in doubles (Cephes' MINLOG). */
const MIN_LOG = -708.3964185322641;
/** Above this n SciPy switches to an approximation; we do the same to agree with it. */
const MAX_EXACT_N = 1_000_000;

/**
 * The one-sided one-sample Kolmogorov-Smirnov survival function P(D+_n >= x) (SciPy:
 * `scipy.special.smirnov(n, x)`), by the Smirnov / Birnbaum-Tingey sum
 *
 *   P(D+_n >= x) = x * sum_{v=0}^{floor(n(1-x))} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 *
 * Every term is positive, so the sum keeps its relative accuracy; each term is formed in log
 * space from Stirling's formula in a shape that does not cancel (log1p of small ratios), which
 * keeps the error of a term near n x * 1e-16, about 1e-12 relative at n = 10^6. Cost: O(n(1-x))
 * logarithms. The special cases and the n > 10^6 approximation are SciPy's (xsf kolmogorov.h).
 */
export function smirnovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`smirnov needs a positive integer n, got ${n}`);
  if (Number.isNaN(x)) throw new RangeError('smirnov: x is NaN');
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  if (n === 1) return 1 - x;
  const { floor: nxFloor, fraction: alpha, value: nx } = scaled(n, x);
  // x <= 1/n: the complementary sum has a single term.
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return 1 - x * Math.exp((n - 1) * Math.log1p(x));
  if (-2 * n * x * x < MIN_LOG) return 0;
  // x >= 1 - 1/n: a single term.
  if (nxFloor >= n - 1) return Math.pow(1 - x, n);
  if (n > MAX_EXACT_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }

  const sum = new CompensatedSum();
  sum.add(Math.exp(n * Math.log1p(-x))); // v = 0: (1 - x)^n
  const muN = stirlingCorrection(n);
  const logN = Math.log(n);
  const last = n - nxFloor - 1; // the largest v with 1 - x - v/n > 0
  for (let v = 1; v <= last; v++) {
    const rest = n - v;
    // (n - v - nx) / (n - v), with n - v - nx formed from the exact integer and fractional parts of nx.
    const ratio = nx / rest;
    const logTail = ratio < 0.5 ? Math.log1p(-ratio) : Math.log((rest - nxFloor - alpha) / rest);
    const logTerm =
      v * Math.log1p(nx / v) +
      rest * logTail -
      Math.log1p(v / nx) +
      0.5 * (logN - Math.log(v) - Math.log(rest)) -
      LN_SQRT_2PI +
      muN -
      (v >= 10 ? largeStirlingCorrection(v) : stirlingCorrection(v)) -
      (rest >= 10 ? largeStirlingCorrection(rest) : stirlingCorrection(rest));
    if (logTerm > -745) sum.add(Math.exp(logTerm));
  }
  return Math.min(Math.max(sum.value, 0), 1);
}

/** stirlingCorrection for x >= 10, cheaper in the hot loop: from 100 on the series to 1/x^7 is enough (error < 1e-21). */
function largeStirlingCorrection(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return x >= 100 ? r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680))) : stirlingCorrection(x);
}

/**
 * n * x as floor + fraction, exactly (Dekker's product): the number of terms of the sum and
 * the smallest factor 1 - x - v/n depend on the exact fractional part.
 */
function scaled(n: number, x: number): { floor: number; fraction: number; value: number } {
  const value = n * x;
  const error = productError(n, x, value);
  let floor = Math.floor(value);
  let fraction = value - floor + error;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction -= 1;
  }
  return { floor, fraction, value };
}

const SPLITTER = 134217729; // 2^27 + 1

/** The rounding error of the product a * b = p (Dekker 1971, Veltkamp split). */
function productError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = SPLITTER * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}
