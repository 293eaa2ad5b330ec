import { readGoldenAt } from '../golden-assertions.ts';

export { expectClose, GOLDEN, type Tolerance } from '../golden-assertions.ts';

/** Reads a fixture written by scripts/golden/performance/make_performance_fixtures.py (scikit-learn). */
export function readGolden<T>(name: string): T {
  return readGoldenAt<T>(new URL(name, import.meta.url));
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
