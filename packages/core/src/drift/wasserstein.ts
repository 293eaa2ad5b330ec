import { CompensatedSum } from '../numeric/compensated-sum.ts';
import { sortedSample } from './sorted-sample.ts';

/**
 * The first Wasserstein (earth mover's) distance between two samples, the integral of
 * |F_reference - F_window| over the line (SciPy: `scipy.stats.wasserstein_distance(u, v)`),
 * exactly, by one merge of the sorted samples. In the units of the feature. Cost O(N log N).
 */
export function wassersteinDistance(reference: ArrayLike<number>, window: ArrayLike<number>): number {
  return distance(sortedSample(reference, 'reference'), sortedSample(window, 'window'));
}

/**
 * The Wasserstein distance divided by the reference's standard deviation (population, ddof 0),
 * or by 0.001 when that is smaller: Evidently's "normed" Wasserstein (wasserstein_distance_norm.py),
 * whose default drift threshold is 0.1. Unit-free, so one threshold fits features of any scale;
 * the 0.001 floor keeps a constant reference from dividing by zero.
 */
export function normedWassersteinDistance(reference: ArrayLike<number>, window: ArrayLike<number>): number {
  const a = sortedSample(reference, 'reference');
  return distance(a, sortedSample(window, 'window')) / Math.max(populationStd(a), 0.001);
}

function distance(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  const sum = new CompensatedSum();
  let ia = 0;
  let ib = 0;
  let previous = Math.min(a[0] as number, b[0] as number);
  // Walk the distinct pooled values; between two of them both CDFs are constant.
  while (ia < na || ib < nb) {
    const next = ib >= nb || (ia < na && (a[ia] as number) <= (b[ib] as number)) ? (a[ia] as number) : (b[ib] as number);
    if (next > previous) sum.add(Math.abs(ia / na - ib / nb) * (next - previous));
    while (ia < na && (a[ia] as number) <= next) ia++;
    while (ib < nb && (b[ib] as number) <= next) ib++;
    previous = next;
  }
  return sum.value;
}

function populationStd(values: Float64Array): number {
  const total = new CompensatedSum();
  for (const v of values) total.add(v);
  const mean = total.value / values.length;
  const squares = new CompensatedSum();
  for (const v of values) squares.add((v - mean) ** 2);
  return Math.sqrt(squares.value / values.length);
}
