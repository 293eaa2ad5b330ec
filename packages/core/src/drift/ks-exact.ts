/**
 * The exact two-sided p-value P(D >= d) of the two-sample Kolmogorov-Smirnov statistic under the
 * null hypothesis (continuous data, no ties), for sample sizes n1 and n2, as SciPy's
 * `ks_2samp(method='exact')` computes it: d is first rounded to the nearest attainable value
 * h / lcm(n1, n2); then
 * - n1 = n2: the closed form for paths leaving the band |x - y| < h (an alternating binomial
 *   series, evaluated Horner-like so it does not cancel);
 * - otherwise: Hodges' (1958) lattice-path count inside the band, in Viehmann's (2021) form
 *   that computes 1 - p directly (numerically stable for small p-values). Time O(max(n1, n2) *
 *   d * min(n1, n2)), memory O(d * min(n1, n2)).
 * Returns undefined where SciPy gives up and falls back to the asymptotic method: when
 * lcm(n1, n2) does not fit in 31 bits, or the result is not a probability.
 */
export function ksExactPValue(n1: number, n2: number, d: number): { statistic: number; pValue: number } | undefined {
  const g = gcd(n1, n2);
  if (Math.floor(n1 / g) >= INT32_MAX / Math.floor(n2 / g)) return undefined;
  const lcm = Math.floor(n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const pValue = n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
  if (!(pValue >= 0 && pValue <= 1)) return undefined;
  return { statistic, pValue };
}

const INT32_MAX = 2147483647;

/** P(D_{n,n} >= h/n) = 2 (A0 - A0 A1 + A0 A1 A2 - ...), Ai ratios of binomials, from the innermost term out. */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h/lcm.
 * One column of the path table is kept, and only the window of rows inside the band.
 */
function outsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let value = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      value = ((a[jj + minj - lastminj] as number) * i + value * j) / (i + j);
      a[jj] = value;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1] as number;
}

export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Rounds half to even, as NumPy's np.round does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
