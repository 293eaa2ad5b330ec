// Confidence-based performance estimation (CBPE, as NannyML 0.13.1 does it): a binary
// classifier's accuracy, precision, recall, F1 and ROC AUC estimated from its scores while labels
// are missing. Scores are calibrated by isotonic regression fitted on a labelled reference (when
// the reference needs it); windows are mergeable states. Pure computation: no I/O. Checked
// against NannyML and scikit-learn (test/golden/estimation, written by
// scripts/golden/estimation/make_cbpe_fixtures.py).
export { EstimationInputError } from './estimation-input-error.ts';
export { IsotonicRegression, pava, type IsotonicModelJSON } from './isotonic-regression.ts';
export { binIndexEdges, expectedCalibrationError, needsCalibration, type NeedsCalibrationOptions } from './calibration-check.ts';
export { CbpeWindow, estimateRocAuc, type CbpeEstimates, type CbpeWindowJSON, type ScoreCalibrator } from './cbpe-window.ts';
