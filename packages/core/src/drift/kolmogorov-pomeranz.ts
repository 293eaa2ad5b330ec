import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './scaled-arithmetic.ts';

/**
 * P(D_n <= x) for the two-sided one-sample Kolmogorov-Smirnov statistic, exactly, by Pomeranz's
 * recursion (Pomeranz 1974): 2n + 1 convolutions of a short row with Poisson-like weights, only
 * two rows kept, rescaled by 2^128 against underflow. Time O(n * (n x)^2). Follows SciPy's
 * `_kolmogn_Pomeranz` step by step; SciPy uses it for n <= 140 and 0.754693 < n x^2 <= 4.
 */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] as number) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] as number) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] as number) * oneMinusTwoGOverN) / m;
  }

  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let exponent = 0;
  let [j1, j2] = bounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = bounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // The full convolution of v0[k1 - v0s ..][0, ln2) with pwrs[0, ln2); keep entries j1 - k1 .. j2 - k1.
      const offset = k1 - v0s;
      const start = j1 - k1;
      const length = j2 - j1 + 1;
      let max = 0;
      for (let out = 0; out < length; out++) {
        const c = start + out;
        let s = 0;
        for (let a = Math.max(0, c - ln2 + 1); a <= Math.min(c, ln2 - 1); a++) {
          const idx = offset + a;
          const va = idx >= 0 && idx < v0.length ? (v0[idx] as number) : 0;
          s += va * (pwrs[c - a] as number);
        }
        v1[out] = s;
        if (s > max) max = s;
      }
      if (max > 0 && max < TWO_POW_MINUS_128) {
        for (let q = 0; q < v1.length; q++) v1[q] = (v1[q] as number) * TWO_POW_128;
        exponent -= 128;
      }
      v1s = v0s + j1 - k1;
    }
  }

  let answer = v1[n - v1s] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > TWO_POW_128) {
      answer *= TWO_POW_MINUS_128;
      exponent += 128;
    }
    answer *= m;
  }
  if (exponent !== 0) answer = ldexp(answer, exponent);
  return Math.min(Math.max(answer, 0), 1);
}

/** The first and last non-zero index of row i (SciPy `_pomeranz_compute_j1j2`). */
function bounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
