// Model performance metrics as mergeable window state: classification (confusion matrix, ROC AUC
// score distributions, log loss, calibration) and regression (MAE, RMSE, MAPE, R²). States of
// one-minute windows merge into longer windows with the same metrics as one state over all rows.
// Pure computation: no I/O. Checked against scikit-learn (test/golden/performance, written by
// scripts/golden/performance/make_performance_fixtures.py).
export { PerformanceInputError } from './performance-input-error.ts';
export { CompensatedSum, type CompensatedSumJSON } from '../numeric/compensated-sum.ts';
export {
  ScoreDistribution,
  type RocAuc,
  type ScoreDistributionJSON,
  type ScoreDistributionOptions,
  type ScoreEntry,
} from './score-distribution.ts';
export {
  CALIBRATION_EDGES,
  CalibrationBins,
  calibrationBin,
  type CalibrationBinJSON,
  type CalibrationBinSummary,
} from './calibration-bins.ts';
export {
  ClassificationState,
  LOG_LOSS_EPS,
  type ClassificationRow,
  type ClassificationScoring,
  type ClassificationStateJSON,
  type ClassificationStateOptions,
} from './classification-state.ts';
export { classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';
export { MAPE_EPS, RegressionState, type RegressionStateJSON } from './regression-state.ts';
export { regressionMetrics, type RegressionMetrics } from './regression-metrics.ts';
