import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Reads a golden fixture written by scripts/golden/make_drift_fixtures.py (expected values from
 * NumPy, SciPy and statsmodels at pinned versions). Only tests read these files; the drift
 * statistics themselves import no file system.
 */
export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
}

export interface Tolerance {
  /** |actual - expected| <= relative * |expected| passes. */
  readonly relative?: number;
  /** |actual - expected| <= absolute passes (for values that are 0 or nearly so). */
  readonly absolute?: number;
}

/** The tolerance of the golden tests: 1e-9 relative, no absolute slack unless a test says so. */
export const GOLDEN: Tolerance = { relative: 1e-9 };

/** Asserts that actual is within the tolerance of expected; exact zeros must come out exactly 0. */
export function expectClose(actual: number, expected: number, label: string, tolerance: Tolerance = GOLDEN): void {
  const { relative = 0, absolute = 0 } = tolerance;
  const error = Math.abs(actual - expected);
  const ok = Number.isFinite(actual) && (error <= absolute || error <= relative * Math.abs(expected));
  expect(ok, `${label}: got ${actual}, expected ${expected} (error ${error.toExponential(2)}, relative ${(error / Math.abs(expected)).toExponential(2)})`).toBe(true);
}
