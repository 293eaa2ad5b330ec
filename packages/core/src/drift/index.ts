// Data drift per feature: reference profiles with fixed bins, statistics on binned counts and
// on raw samples, their p-values, false-discovery control across features, and sample-size-aware
// thresholds. Pure computation: no I/O. Every statistic is checked against NumPy / SciPy /
// statsmodels (test/golden/drift, written by scripts/golden/make_drift_fixtures.py).
export { DriftInputError } from './drift-input-error.ts';
export {
  binCount,
  binLabels,
  countWindow,
  parseBinProfile,
  type BinProfile,
  type CategoricalBinProfile,
  type NumericBinProfile,
  type WindowCounts,
} from './bin-profile.ts';
export { countNumeric, fitNumericProfile, numericBinIndex, type NumericProfileOptions } from './numeric-profile.ts';
export { countCategorical, fitCategoricalProfile, type CategoricalProfileOptions } from './categorical-profile.ts';
export type { BinCounts } from './bin-counts.ts';
export { psi } from './psi.ts';
export { jensenShannonDistance } from './jensen-shannon.ts';
export { hellingerDistance } from './hellinger.ts';
export { lInfinityDistance } from './l-infinity.ts';
export { chiSquareTest, type ChiSquareOptions, type ChiSquareResult } from './chi-square-test.ts';
export { ksTwoSample, type KsMethod, type KsResult } from './ks-two-sample.ts';
export { ksExactPValue } from './ks-exact.ts';
export { normedWassersteinDistance, wassersteinDistance } from './wasserstein.ts';
export { chiSquareSurvival } from './chi-square-distribution.ts';
export { lnGamma, regularizedGammaP, regularizedGammaQ } from './gamma.ts';
export { kolmogorovSurvival } from './kolmogorov-distribution.ts';
export { smirnovSurvival } from './smirnov-distribution.ts';
export { benjaminiHochberg, type BenjaminiHochbergResult } from './benjamini-hochberg.ts';
export {
  binnedNullThreshold,
  resampledQuantile,
  sampleNullThreshold,
  type NullThreshold,
  type NullThresholdOptions,
} from './null-threshold.ts';
export { minimumWindowSize, type MinimumWindowOptions } from './minimum-sample-size.ts';
export { seededRandom, type SeededRandom } from './seeded-random.ts';
export { quantileSorted } from './quantile.ts';
