/**
 * Log-gamma and the regularized incomplete gamma functions, for chi-square p-values.
 *
 * Accuracy: about 1e-14 relative for P and Q down to the smallest normal double, checked against
 * SciPy (gammainc, gammaincc, gammaln) in gamma.test.ts. The method is the classical one
 * (Numerical Recipes 6.2): the series for P when x < a + 1, Lentz's continued fraction for Q
 * otherwise, so the smaller of P and Q is always the one computed directly. The common prefactor
 * x^a e^-x / Gamma(a) is computed in a form that does not cancel for large a (Loader's deviance
 * bd0 plus the Stirling correction), so p-values stay accurate for 10^4 degrees of freedom.
 */

const LN_SQRT_2PI = 0.9189385332046728; // ln(sqrt(2 pi))
const EPSILON = 2.220446049250313e-16;
const MAX_ITERATIONS = 1_000_000;

/**
 * The Stirling-series remainder mu(x) = ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)],
 * which also equals ln x! - [(x + 1/2) ln x - x + ln sqrt(2 pi)]. For x >= 10 the series below
 * is truncated after the 1/x^13 term, an error under 1e-17; below 10 integers use exact
 * factorials, other values the recurrence.
 */
export function stirlingCorrection(x: number): number {
  if (x >= 10) {
    const r = 1 / x;
    const r2 = r * r;
    return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 / 156))))));
  }
  if (Number.isInteger(x) && x >= 1) return SMALL_INTEGER_CORRECTION[x] as number;
  return lnGamma(x) - ((x - 0.5) * Math.log(x) - x + LN_SQRT_2PI);
}

// mu(k) for k = 1..9 from exact factorials (k-1)! (all exactly representable).
const SMALL_INTEGER_CORRECTION: number[] = [Number.NaN];
for (let k = 1, factorial = 1; k < 10; factorial *= k, k++) {
  SMALL_INTEGER_CORRECTION.push(Math.log(factorial) - ((k - 0.5) * Math.log(k) - k + LN_SQRT_2PI));
}

/** ln Gamma(x) for x > 0: Stirling's series from 10 up, the recurrence Gamma(x + 1) = x Gamma(x) below. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  if (x === Infinity) return Infinity;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  let shifted = x;
  let product = 1;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return lnGamma(shifted) - Math.log(product);
}

/** a ln(a/x) + x - a without cancellation when x is near a (Loader 2000, "bd0"). */
function deviance(a: number, x: number): number {
  if (Math.abs(a - x) < 0.1 * (a + x)) {
    const v = (a - x) / (a + x);
    const v2 = v * v;
    let sum = (a - x) * v;
    let term = 2 * a * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return a * Math.log(a / x) + x - a;
}

/** ln(x^a e^-x / Gamma(a)). */
function logPrefix(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lnGamma(a);
  return -deviance(a, x) + 0.5 * Math.log(a / (2 * Math.PI)) - stirlingCorrection(a);
}

/** P(a, x) by its power series; for x < a + 1. */
function seriesP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) return sum * Math.exp(logPrefix(a, x));
  }
  throw new RangeError(`incomplete gamma series did not converge for a = ${a}, x = ${x}`);
}

/** Q(a, x) by its continued fraction (modified Lentz); for x >= a + 1. */
function continuedFractionQ(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return Math.exp(logPrefix(a, x)) * h;
  }
  throw new RangeError(`incomplete gamma continued fraction did not converge for a = ${a}, x = ${x}`);
}

function checkArguments(a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`incomplete gamma needs a finite a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma needs x >= 0, got ${x}`);
}

/** The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a) (SciPy: gammainc). */
export function regularizedGammaP(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? seriesP(a, x) : 1 - continuedFractionQ(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x) (SciPy: gammaincc). */
export function regularizedGammaQ(a: number, x: number): number {
  checkArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - seriesP(a, x) : continuedFractionQ(a, x);
}
