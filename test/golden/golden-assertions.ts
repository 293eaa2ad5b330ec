import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * What every golden test shares. The fixtures are JSON written by the scripts in
 * scripts/golden/ from trusted libraries at pinned versions; only tests read them, so the
 * code under test imports no file system.
 */
export function readGoldenAt<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

export interface Tolerance {
  /** |actual - expected| <= relative * |expected| passes. */
  readonly relative?: number;
  /** |actual - expected| <= absolute passes (for values that are 0 or nearly so). */
  readonly absolute?: number;
}

/** The tolerance of the golden tests: 1e-9 relative, no absolute slack unless a test says so. */
export const GOLDEN: Tolerance = { relative: 1e-9 };

/**
 * Asserts that actual is within the tolerance of expected; exact zeros must come out exactly 0.
 * An expected null (the reference library's NaN or refusal) must come out null.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, label: string, tolerance: Tolerance = GOLDEN): void {
  if (expected === null) {
    expect(actual, `${label}: expected null (undefined in the reference library)`).toBeNull();
    return;
  }
  const { relative = 0, absolute = 0 } = tolerance;
  const a = actual ?? Number.NaN;
  const error = Math.abs(a - expected);
  const ok = Number.isFinite(a) && (error <= absolute || error <= relative * Math.abs(expected));
  expect(ok, `${label}: got ${actual}, expected ${expected} (error ${error.toExponential(2)}, relative ${(error / Math.abs(expected)).toExponential(2)})`).toBe(true);
}
