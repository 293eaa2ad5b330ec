// The window-state parts: compact sketches in typed arrays with exact merges and a canonical binary
// encoding, and the drift statistics from them (README.md: the design, its bounds and its costs).
export { type AlignedBins, type SideBins } from './aligned-bins.ts';
export { binnedScores, type BinnedScores } from './binned-scores.ts';
export { CategoricalSketch, DEFAULT_OTHER_CAPACITY, MAX_KEPT_VALUE_LENGTH, type CategoricalSketchOptions, type ProfileCounts } from './categorical-sketch.ts';
export { CategoryLayout } from './category-layout.ts';
export { ksBounds, ksDecision, type KsBounds } from './ks-bounds.ts';
export { DEFAULT_LOG_MAX_BUCKETS, DEFAULT_LOG_RELATIVE_ACCURACY, LogBucketSketch, type LogBucketSketchOptions } from './log-bucket-sketch.ts';
export { NumericBinLayout, type NumericBinLayoutJSON, type NumericBinLayoutOptions } from './numeric-bin-layout.ts';
export { NumericBinSketch, POSITION_SCALE } from './numeric-bin-sketch.ts';
export { SketchDecodeError } from './sketch-decode-error.ts';
export { wassersteinBounds, type WassersteinBounds } from './wasserstein-bounds.ts';
