/**
 * One decoded column of a reference file, typed the way inference events split features:
 * numbers are numeric, strings and booleans ("true"/"false") categorical, null is missing.
 */
export type ValueColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: ReadonlyArray<number | null> }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: ReadonlyArray<string | null> };

/** Why one cell cannot be read; the caller says where. */
export interface Problem {
  readonly problem: string;
}

/**
 * What the event validator accepts for a class name (a prediction or a label), so the reference
 * can match traffic. Feature values have no limit: a longer string is a text, as in events.
 */
export const MAX_CLASS_LENGTH = 256;

/**
 * A typed file's number as a JS number: NaN is missing (pandas writes missing floats as NaN),
 * an infinity is refused as events refuse it, and a 64-bit integer must fit a double exactly.
 * Returns a problem instead of throwing so the caller can add the file, row and column.
 */
export function toNumber(value: unknown): number | null | Problem {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    return Number.isFinite(value) ? value : { problem: `${value} is not a finite number` };
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) return { problem: `${value} is beyond ±2^53 and cannot be held exactly as a number (if it is an id, leave it out with --ignore)` };
    return n;
  }
  return { problem: `expected a number, found ${typeof value}` };
}

/**
 * A typed file's string or boolean as a category; booleans become "true"/"false" as in events. A
 * string of any length is kept: one over 256 characters is a text, fitted by its length.
 */
export function toCategory(value: unknown): string | null | Problem {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  // Dictionary-encoded numbers are categories too (a pandas "category" of ints).
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return { problem: `expected a string or a boolean, found ${typeof value}` };
}
