import { ImportanceInputError } from './importance-input-error.ts';

/** Importance per feature name: a Map or a plain object (as parsed from JSON). */
export type ImportanceInput = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/**
 * Reads importances into a Map, checking that each is a finite number ≥ 0 (a mean absolute
 * attribution, a mutual information, a share). Object input uses its own enumerable keys.
 */
export function importanceMap(input: ImportanceInput, what: string): Map<string, number> {
  const entries: [string, number][] =
    input instanceof Map ? [...(input as ReadonlyMap<string, number>)] : Object.keys(input).map((k) => [k, (input as Record<string, number>)[k] as number]);
  const out = new Map<string, number>();
  for (const [feature, value] of entries) {
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new ImportanceInputError(`${what} of feature ${JSON.stringify(feature)} must be a finite number ≥ 0, got ${String(value)}`);
    }
    out.set(feature, value);
  }
  return out;
}

/** Code-unit order of feature names: the same in every runtime and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
