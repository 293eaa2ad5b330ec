import { expectClose as expectWithin, readGoldenAt } from '../golden-assertions.ts';

/**
 * Reads a fixture written by scripts/golden/estimation/make_cbpe_fixtures.py (NannyML 0.13.1 CBPE
 * and scikit-learn IsotonicRegression at pinned versions).
 */
export function readGolden<T>(name: string): T {
  return readGoldenAt<T>(new URL(name, import.meta.url));
}

/** |actual - expected| <= relative · |expected| (or exactly equal, for zeros). */
export function expectClose(actual: number | null, expected: number | null, label: string, relative = 1e-9): void {
  expectWithin(actual, expected, label, { relative });
}

export interface IsotonicCase {
  readonly name: string;
  readonly x: number[];
  readonly y: number[];
  readonly xThresholds: number[];
  readonly yThresholds: number[];
  readonly xMin: number;
  readonly xMax: number;
  readonly grid: number[];
  readonly predicted: number[];
}

export interface EceCase {
  readonly name: string;
  readonly scores: number[];
  readonly labels: number[];
  readonly binIndexEdges: [number, number][];
  readonly ece: number;
}

export interface CbpeChunk {
  readonly period: 'reference' | 'analysis';
  readonly startIndex: number;
  readonly endIndex: number;
  readonly rocAuc: number | null;
  readonly f1: number | null;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly accuracy: number | null;
  readonly truePositive: number | null;
  readonly falsePositive: number | null;
  readonly trueNegative: number | null;
  readonly falseNegative: number | null;
}

export interface CbpeCase {
  readonly name: string;
  readonly chunkSize: number;
  readonly reference: { scores: number[]; predicted: number[]; labels: number[] };
  readonly analysis: { scores: number[]; predicted: number[] };
  readonly needsCalibration: boolean;
  readonly calibrator: { xThresholds: number[]; yThresholds: number[]; xMin: number; xMax: number } | null;
  readonly grid: number[];
  readonly calibratedGrid: number[];
  readonly chunks: CbpeChunk[];
}

export const isotonicCases = (): IsotonicCase[] => readGolden<{ cases: IsotonicCase[] }>('isotonic.json').cases;
export const eceCases = (): EceCase[] => readGolden<{ cases: EceCase[] }>('ece.json').cases;
export const cbpeCases = (): CbpeCase[] => readGolden<{ cases: CbpeCase[] }>('cbpe.json').cases;
