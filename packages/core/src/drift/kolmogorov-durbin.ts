import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './scaled-arithmetic.ts';

/**
 * P(D_n <= d) for the two-sided one-sample Kolmogorov-Smirnov statistic, exactly, by Durbin's
 * matrix method as Marsaglia, Tsang and Wang (2003) compute it: with d = (k - h)/n, the k-th
 * diagonal entry of H^n times n!/n^n, H being (2k-1) x (2k-1). Memory O(k^2), time O(k^3 log n),
 * so it is used only where k = ceil(n d) is small (SciPy `_kolmogn_DMTW`, which this follows step
 * by step, including its rescaling by 2^128).
 */
export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v[j] = (1 - h^(j+1)) / (j+1)!, w[j] = 1/j!; the last entry of v is special.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * factorial;

  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] as number;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  const diagonal = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[diagonal] as number) > TWO_POW_128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / TWO_POW_128;
      hExponent += 128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = power[diagonal] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_POW_MINUS_128) {
      p *= TWO_POW_128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return Math.min(Math.max(p, 0), 1);
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l] as number;
      if (ail === 0) continue;
      const row = l * m;
      const outRow = i * m;
      for (let j = 0; j < m; j++) out[outRow + j] = (out[outRow + j] as number) + ail * (b[row + j] as number);
    }
  }
  return out;
}
