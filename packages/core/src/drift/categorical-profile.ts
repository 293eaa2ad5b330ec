import type { CategoricalBinProfile, WindowCounts } from './bin-profile.ts';
import { DriftInputError } from './drift-input-error.ts';

export interface CategoricalProfileOptions {
  /**
   * Keep at most this many reference categories (the most frequent); the rest share the "other"
   * bin with unseen categories. Default: keep all. Set it for high-cardinality features, whose
   * profile would otherwise grow with every distinct value.
   */
  readonly maxCategories?: number;
}

/**
 * The reference's categories (most frequent first, ties in code-unit order, which is the code
 * point order for the Basic Multilingual Plane) plus an "other" bin, and the reference counted
 * into them. null and undefined are counted as missing; the empty string is a category.
 */
export function fitCategoricalProfile(
  reference: Iterable<string | null | undefined>,
  options: CategoricalProfileOptions = {},
): CategoricalBinProfile {
  const { maxCategories } = options;
  if (maxCategories !== undefined && (!Number.isInteger(maxCategories) || maxCategories < 1)) {
    throw new DriftInputError(`maxCategories must be a positive integer, got ${maxCategories}`);
  }
  const frequency = new Map<string, number>();
  let missing = 0;
  let total = 0;
  for (const v of reference) {
    if (v === null || v === undefined) {
      missing++;
      continue;
    }
    frequency.set(v, (frequency.get(v) ?? 0) + 1);
    total++;
  }
  if (total === 0) throw new DriftInputError('the reference has no values to fit categories on');
  const ranked = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = maxCategories === undefined ? ranked : ranked.slice(0, maxCategories);
  const categories = kept.map(([c]) => c);
  const referenceCounts = [...kept.map(([, n]) => n), total - kept.reduce((s, [, n]) => s + n, 0)];
  return { kind: 'categorical', version: 1, categories, referenceCounts, referenceMissing: missing };
}

/**
 * Counts values into a categorical profile's bins; categories not in the profile go to the last
 * ("other") bin. Builds one lookup map per call: count a window in one call, not value by value.
 */
export function countCategorical(profile: CategoricalBinProfile, values: Iterable<string | null | undefined>): WindowCounts {
  const index = new Map<string, number>();
  profile.categories.forEach((c, i) => index.set(c, i));
  const other = profile.categories.length;
  const counts = new Array<number>(other + 1).fill(0);
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      missing++;
      continue;
    }
    const i = index.get(v) ?? other;
    counts[i] = (counts[i] as number) + 1;
  }
  return { counts, missing };
}
