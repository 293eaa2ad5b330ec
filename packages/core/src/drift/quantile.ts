/**
 * The q-quantile of an ascending sample by linear interpolation between order statistics
 * (Hyndman and Fan type 7), computed with the same floating-point steps as NumPy's default
 * `np.quantile(sorted, q, method='linear')`, so bin edges fitted here equal NumPy's bit for bit:
 * index (n-1)q, and NumPy's two-sided lerp (from the upper neighbour when the weight is >= 0.5).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be within [0, 1], got ${q}`);
  const virtualIndex = (n - 1) * q;
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const lo = virtualIndex >= n - 1 ? n - 1 : previous;
  const hi = virtualIndex >= n - 1 ? n - 1 : previous + 1;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
