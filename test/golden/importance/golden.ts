import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Reads a golden fixture written by scripts/golden/importance/make_importance_fixtures.py
 * (expected values from SciPy and scikit-learn at pinned versions). Only tests read these files;
 * the importance computations themselves import no file system.
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
 * Asserts that actual is within the tolerance of expected; exact zeros must come out exactly 0
 * (unless an absolute slack is given). expected null (SciPy's NaN, sklearn's refusal) must come
 * out null.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, label: string, tolerance: Tolerance = GOLDEN): void {
  if (expected === null) {
    expect(actual, `${label}: expected null (undefined in SciPy / sklearn)`).toBeNull();
    return;
  }
  const { relative = 0, absolute = 0 } = tolerance;
  const a = actual ?? Number.NaN;
  const error = Math.abs(a - expected);
  const ok = Number.isFinite(a) && (error <= absolute || error <= relative * Math.abs(expected));
  expect(ok, `${label}: got ${actual}, expected ${expected} (error ${error.toExponential(2)}, relative ${(error / Math.abs(expected)).toExponential(2)})`).toBe(true);
}

export interface RankingCase {
  readonly name: string;
  readonly reference: Record<string, number>;
  readonly window: Record<string, number>;
  readonly k: number | null;
  readonly expected: { features: string[]; spearman: number | null; kendallTauB: number | null; ndcg: number | null };
}

export interface AttributionCase {
  readonly name: string;
  readonly events: Record<string, number>[];
  readonly expected: {
    events: number;
    features: { feature: string; count: number; meanAbsolute: number; meanSigned: number; meanAbsoluteZero: number; meanSignedZero: number }[];
    ranking: string[];
  };
}

export interface MutualInformationCase {
  readonly name: string;
  readonly bins: number;
  readonly rows: number;
  /** [bin index, class label, count]. */
  readonly cells: [number, string, number][];
  readonly expected: { mi: number; nmi: number };
}

export function rankingCases(): RankingCase[] {
  return readGolden<{ cases: RankingCase[] }>('rankings.json').cases;
}

export function attributionCases(): AttributionCase[] {
  return readGolden<{ cases: AttributionCase[] }>('attributions.json').cases;
}

export function mutualInformationCases(): MutualInformationCase[] {
  return readGolden<{ cases: MutualInformationCase[] }>('mutual-information.json').cases;
}
