import type { BinCounts } from './bin-counts.ts';
import { DriftInputError } from './drift-input-error.ts';

export interface MinimumWindowOptions {
  /** Expected count that most bins must reach (Cochran: 5). */
  readonly minExpected?: number;
  /** Share of bins allowed below minExpected (Cochran: 0.2). */
  readonly smallBinShare?: number;
  /** A floor for any statistic, whatever the bins (default 30). */
  readonly atLeast?: number;
}

/**
 * The smallest window worth scoring against a reference profile: below it a drift score says
 * more about sampling noise than about drift, so callers report "not enough data" instead.
 *
 * Cochran's rule for the chi-square approximation (1954; also Deequ's regrouping rule): expected
 * counts, reference share * window size, of at least 1 in every bin the reference uses, and of
 * at least 5 in all but 20% of them; and never fewer than `atLeast` values. For decile bins that
 * is 50 values. Rare reference categories raise it: fit the profile with `maxCategories` to
 * fold them into "other" when that makes windows too large. Bins the reference never used (the
 * open outer bins, "other") have no expected count and are left out.
 */
export function minimumWindowSize(referenceCounts: BinCounts, options: MinimumWindowOptions = {}): number {
  const { minExpected = 5, smallBinShare = 0.2, atLeast = 30 } = options;
  if (!(minExpected > 0)) throw new DriftInputError(`minExpected must be > 0, got ${minExpected}`);
  if (!(smallBinShare >= 0 && smallBinShare < 1)) throw new DriftInputError(`smallBinShare must be within [0, 1), got ${smallBinShare}`);
  let total = 0;
  const used: number[] = [];
  for (const c of referenceCounts) {
    if (!(c >= 0) || !Number.isFinite(c)) throw new DriftInputError(`reference count ${c}: counts must be finite and non-negative`);
    total += c;
    if (c > 0) used.push(c);
  }
  if (used.length === 0) throw new DriftInputError('the reference is empty (all bin counts are 0)');
  used.sort((a, b) => a - b);
  const allowedSmall = Math.floor(smallBinShare * used.length);
  const smallest = used[0] as number;
  const firstLarge = used[allowedSmall] as number;
  // n * c / total >= 1 for the smallest bin, >= minExpected from the (allowedSmall + 1)-th smallest on.
  return Math.max(atLeast, Math.ceil(total / smallest), Math.ceil((minExpected * total) / firstLarge));
}
