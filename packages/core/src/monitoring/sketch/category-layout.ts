import type { CategoricalBinProfile } from '../../drift/bin-profile.ts';
import { DriftInputError } from '../../drift/drift-input-error.ts';
import { LayoutFingerprint } from './layout-fingerprint.ts';

/** Most categories a layout may list (a reference keeps 50 by default). */
export const MAX_LAYOUT_CATEGORIES = 65_536;

/**
 * The categories a categorical feature is counted against: those of its reference profile (most
 * frequent first, as fitCategoricalProfile lists them), or none for a window counted before any
 * reference exists. Every other value is an "other" value.
 */
export class CategoryLayout {
  readonly categories: readonly string[];
  /** Stored in every encoded sketch of this layout. */
  readonly fingerprint: number;
  private readonly index: Map<string, number>;

  constructor(categories: readonly string[]) {
    if (!Array.isArray(categories) || categories.length > MAX_LAYOUT_CATEGORIES) throw new DriftInputError(`a category layout lists at most ${MAX_LAYOUT_CATEGORIES} categories`);
    this.index = new Map();
    categories.forEach((c, i) => {
      if (typeof c !== 'string') throw new DriftInputError(`category ${i} must be a string`);
      if (this.index.has(c)) throw new DriftInputError(`category ${JSON.stringify(c)} is listed twice`);
      this.index.set(c, i);
    });
    this.categories = [...categories];
    const fp = new LayoutFingerprint('category-layout/1').uint32(categories.length);
    for (const c of categories) fp.string(c);
    this.fingerprint = fp.value;
  }

  /** The layout of a reference profile's categories. */
  static of(profile: CategoricalBinProfile): CategoryLayout {
    return new CategoryLayout(profile.categories);
  }

  /** No categories: every value is an "other" value, tracked by the sketch's own capacity. */
  static readonly EMPTY = new CategoryLayout([]);

  /** The position of a category, or -1 for an "other" value. */
  indexOf(value: string): number {
    return this.index.get(value) ?? -1;
  }

  equals(other: CategoryLayout): boolean {
    return other === this || (other.fingerprint === this.fingerprint && other.categories.length === this.categories.length && other.categories.every((c, i) => c === this.categories[i]));
  }
}
