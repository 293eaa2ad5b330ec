import { countCategorical } from './categorical-profile.ts';
import { DriftInputError } from './drift-input-error.ts';
import { countNumeric } from './numeric-profile.ts';

/**
 * The bins of one numeric feature, fitted once on the reference and stored, so that every later
 * window is counted into the same bins and scores of different windows are comparable.
 *
 * With edges e0 < e1 < ... < ek (k >= 1) the bins are, in order:
 *   (-inf, e0), [e0, e1), [e1, e2), ..., [e(k-1), ek], (ek, +inf)
 * so there are k + 2 bins; the last in-range bin is closed, so it holds the reference maximum.
 * The two open outer bins are empty in the reference by construction: they catch values below the
 * reference minimum or above its maximum. A reference with a single distinct value has one edge c
 * and three bins: (-inf, c), [c, c], (c, +inf).
 */
export interface NumericBinProfile {
  readonly kind: 'numeric';
  /** Format of the stored profile; bumped on an incompatible change. */
  readonly version: 1;
  /** Distinct, finite, strictly increasing. */
  readonly edges: readonly number[];
  /** The reference counted into the bins (length: bin count). */
  readonly referenceCounts: readonly number[];
  /** Reference values that were missing (null, undefined or NaN); not in any bin. */
  readonly referenceMissing: number;
}

/**
 * The bins of one categorical feature: one per reference category (most frequent first, ties in
 * code-unit order), then one "other" bin for categories not in the list: unseen in the reference,
 * or cut by `maxCategories`.
 */
export interface CategoricalBinProfile {
  readonly kind: 'categorical';
  readonly version: 1;
  readonly categories: readonly string[];
  /** Length categories.length + 1; the last entry is the "other" bin. */
  readonly referenceCounts: readonly number[];
  readonly referenceMissing: number;
}

/** A stored reference profile: plain JSON, `JSON.stringify` and `parseBinProfile` round-trip it. */
export type BinProfile = NumericBinProfile | CategoricalBinProfile;

/** A window counted into a profile's bins. Missing values are counted apart, not in a bin. */
export interface WindowCounts {
  readonly counts: number[];
  readonly missing: number;
}

/** The number of bins of a profile, the length of every count vector scored against it. */
export function binCount(profile: BinProfile): number {
  return profile.kind === 'numeric' ? Math.max(profile.edges.length - 1, 1) + 2 : profile.categories.length + 1;
}

/** Counts a window into the profile's bins (numbers for a numeric profile, strings for a categorical one). */
export function countWindow(profile: NumericBinProfile, values: Iterable<number | null | undefined>): WindowCounts;
export function countWindow(profile: CategoricalBinProfile, values: Iterable<string | null | undefined>): WindowCounts;
export function countWindow(profile: BinProfile, values: Iterable<number | string | null | undefined>): WindowCounts;
export function countWindow(profile: BinProfile, values: Iterable<number | string | null | undefined>): WindowCounts {
  return profile.kind === 'numeric'
    ? countNumeric(profile, values as Iterable<number | null | undefined>)
    : countCategorical(profile, values as Iterable<string | null | undefined>);
}

/** Human-readable bin names, for reports and for storing next to the counts. */
export function binLabels(profile: BinProfile): string[] {
  if (profile.kind === 'categorical') return [...profile.categories, '(other)'];
  const e = profile.edges;
  const first = e[0] as number;
  const last = e[e.length - 1] as number;
  const labels = [`(-inf, ${first})`];
  if (e.length === 1) labels.push(`[${first}, ${first}]`);
  for (let i = 1; i < e.length; i++) labels.push(`[${e[i - 1]}, ${e[i]}${i === e.length - 1 ? ']' : ')'}`);
  labels.push(`(${last}, +inf)`);
  return labels;
}

/**
 * Checks a stored profile (parsed JSON) and returns it typed. Throws a DriftInputError that lists
 * every problem found.
 */
export function parseBinProfile(input: unknown): BinProfile {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DriftInputError('a bin profile must be an object');
  }
  const obj = input as Record<string, unknown>;
  const kind = obj['kind'];
  if (kind !== 'numeric' && kind !== 'categorical') problems.push(`kind must be "numeric" or "categorical", not ${JSON.stringify(kind)}`);
  if (obj['version'] !== 1) problems.push(`version must be 1, not ${JSON.stringify(obj['version'])}`);
  const missing = obj['referenceMissing'];
  if (typeof missing !== 'number' || !Number.isInteger(missing) || missing < 0) problems.push('referenceMissing must be a non-negative integer');

  let bins = 0;
  if (kind === 'numeric') {
    const edges = obj['edges'];
    if (!Array.isArray(edges) || edges.length === 0) {
      problems.push('edges must be a non-empty array of numbers');
    } else {
      edges.forEach((e, i) => {
        if (typeof e !== 'number' || !Number.isFinite(e)) problems.push(`edges[${i}] must be a finite number`);
        else if (i > 0 && !(e > (edges[i - 1] as number))) problems.push(`edges must increase strictly; edges[${i}] = ${e} is not above edges[${i - 1}]`);
      });
      bins = Math.max(edges.length - 1, 1) + 2;
    }
  } else if (kind === 'categorical') {
    const categories = obj['categories'];
    if (!Array.isArray(categories)) {
      problems.push('categories must be an array of strings');
    } else {
      const seen = new Set<string>();
      categories.forEach((c, i) => {
        if (typeof c !== 'string') problems.push(`categories[${i}] must be a string`);
        else if (seen.has(c)) problems.push(`categories[${i}] repeats ${JSON.stringify(c)}`);
        else seen.add(c);
      });
      bins = categories.length + 1;
    }
  }
  const counts = obj['referenceCounts'];
  if (!Array.isArray(counts)) {
    problems.push('referenceCounts must be an array of counts');
  } else {
    if (bins > 0 && counts.length !== bins) problems.push(`referenceCounts has ${counts.length} entries; the bins need ${bins}`);
    counts.forEach((c, i) => {
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) problems.push(`referenceCounts[${i}] must be a non-negative finite number`);
    });
    if (problems.length === 0 && counts.every((c) => c === 0)) problems.push('referenceCounts are all zero: the reference had no values');
  }
  if (problems.length > 0) throw new DriftInputError(`invalid bin profile: ${problems.join('; ')}`);
  return input as BinProfile;
}
