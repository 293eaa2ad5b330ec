import { DriftInputError } from './drift-input-error.ts';

/**
 * A sorted copy of a raw sample for the sample statistics (KS, Wasserstein). Refuses an empty
 * sample and any non-finite value: filter missing values out before scoring (they are a data
 * quality metric, not a distribution shift).
 */
export function sortedSample(values: ArrayLike<number>, side: string): Float64Array {
  if (values.length === 0) throw new DriftInputError(`the ${side} sample is empty; there is nothing to compare`);
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i] as number)) throw new DriftInputError(`the ${side} sample holds ${sorted[i]} at index ${i}; drop missing and infinite values first`);
  }
  return sorted.sort();
}
