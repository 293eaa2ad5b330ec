import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Reads a golden fixture written by scripts/golden/performance/make_performance_fixtures.py
 * (expected values from scikit-learn at pinned versions). Only tests read these files; the
 * performance states themselves import no file system.
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

/**
 * Asserts that actual is within the tolerance of expected; exact zeros must come out exactly 0.
 * expected null (sklearn's NaN: undefined) must come out null.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, label: string, tolerance: Tolerance = GOLDEN): void {
  if (expected === null) {
    expect(actual, `${label}: expected null (undefined in sklearn)`).toBeNull();
    return;
  }
  const { relative = 0, absolute = 0 } = tolerance;
  const a = actual ?? Number.NaN;
  const error = Math.abs(a - expected);
  const ok = Number.isFinite(a) && (error <= absolute || error <= relative * Math.abs(expected));
  expect(ok, `${label}: got ${actual}, expected ${expected} (error ${error.toExponential(2)}, relative ${(error / Math.abs(expected)).toExponential(2)})`).toBe(true);
}

export interface LabelExpectations {
  readonly labels: string[];
  readonly accuracy: number;
  readonly confusionMatrix: number[][];
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  readonly support: number[];
  readonly macroPrecision: number;
  readonly macroRecall: number;
  readonly macroF1: number;
  readonly rocAuc?: number | null;
  readonly rocAucPerClass?: (number | null)[];
  readonly logLoss?: number;
  readonly ece?: number;
}

export type ClassificationCase =
  | { readonly name: string; readonly kind: 'labels'; readonly actual: string[]; readonly predicted: string[]; readonly expected: LabelExpectations }
  | {
      readonly name: string;
      readonly kind: 'binary';
      readonly classes: [string, string];
      readonly positiveLabel: string;
      readonly actual: string[];
      readonly predicted: string[];
      readonly scores: number[];
      readonly expected: LabelExpectations;
    }
  | {
      readonly name: string;
      readonly kind: 'multiclass';
      readonly classes: string[];
      readonly actual: string[];
      readonly predicted: string[];
      readonly scores: number[][];
      readonly expected: LabelExpectations;
    };

export interface RegressionCase {
  readonly name: string;
  readonly actual: number[];
  readonly predicted: number[];
  readonly expected: { count: number; mae: number; rmse: number; mape: number; r2: number | null };
}

export function classificationCases(): ClassificationCase[] {
  return readGolden<{ cases: ClassificationCase[] }>('classification.json').cases;
}

export function regressionCases(): RegressionCase[] {
  return readGolden<{ cases: RegressionCase[] }>('regression.json').cases;
}
