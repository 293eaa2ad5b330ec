import { readGolden } from './golden.ts';

export interface BinnedExpected {
  psi: number;
  jensenShannon: number;
  hellinger: number;
  lInfinity: number;
  chiSquare: { statistic: number; dof: number; pValue: number };
  chiSquareYates: { statistic: number; dof: number; pValue: number };
}

export interface BinnedCase {
  name: string;
  note: string;
  referenceCounts: number[];
  windowCounts: number[];
  expected: BinnedExpected;
}

export interface NumericBinningCase extends BinnedCase {
  bins: number;
  /** Names of samples in BinningFixture.samples. */
  reference: string;
  window: string;
  edges: number[];
}

export interface CategoricalBinningCase extends BinnedCase {
  maxCategories: number | null;
  reference: string[];
  window: string[];
  categories: string[];
}

export interface BinningFixture {
  samples: Record<string, number[]>;
  numeric: NumericBinningCase[];
  categorical: CategoricalBinningCase[];
}

/** Every count pair with expected statistics: hand-made counts, and the counts of the binning cases. */
export function binnedCases(): BinnedCase[] {
  const binning = readGolden<BinningFixture>('binning.json');
  const counts = readGolden<{ cases: BinnedCase[] }>('binned-statistics.json');
  return [
    ...counts.cases,
    ...binning.numeric.map((c) => ({ ...c, name: `numeric ${c.name}` })),
    ...binning.categorical.map((c) => ({ ...c, name: `categorical ${c.name}` })),
  ];
}
