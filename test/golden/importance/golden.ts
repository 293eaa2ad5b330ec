import { readGoldenAt } from '../golden-assertions.ts';

export { expectClose, GOLDEN, type Tolerance } from '../golden-assertions.ts';

/** Reads a fixture written by scripts/golden/importance/make_importance_fixtures.py (SciPy, scikit-learn). */
export function readGolden<T>(name: string): T {
  return readGoldenAt<T>(new URL(name, import.meta.url));
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
