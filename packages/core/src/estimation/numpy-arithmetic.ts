// The two numpy operations whose floating-point results NannyML's ROC AUC estimate depends on,
// reproduced so that the TypeScript port gives the same doubles.

const PW_BLOCKSIZE = 128;

function pairwise(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i] as number;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = new Array<number>(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = (r[j] as number) + (a[start + i + j] as number);
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [number, number, number, number, number, number, number, number];
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i] as number;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * numpy's sum of a contiguous float64 array (`np.add.reduce`): pairwise summation in blocks of
 * 128 with 8 accumulators, the same order of additions as numpy's `pairwise_sum`.
 */
export function numpySum(values: readonly number[]): number {
  return pairwise(values, 0, values.length);
}

/** numpy's rint: round to the nearest integer, ties to even. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x); // ties toward +infinity
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** `np.round(x, decimals)` for decimals >= 0: rint(x · 10^d) / 10^d, as numpy computes it. */
export function numpyRound(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return rint(x * f) / f;
}
