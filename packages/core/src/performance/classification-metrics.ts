import type { CalibrationBinSummary } from './calibration-bins.ts';
import type { ClassificationState } from './classification-state.ts';

export interface ClassificationMetrics {
  readonly count: number;
  /** Labels seen as actual or predicted, sorted; every per-class array below follows it. */
  readonly labels: readonly string[];
  /** confusionMatrix[i][j]: rows with actual labels[i] predicted as labels[j] (sklearn's layout). */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** null for an empty state. */
  readonly accuracy: number | null;
  /** Per class; 0 where the denominator is 0 (sklearn's zero_division=0). */
  readonly precision: readonly number[];
  readonly recall: readonly number[];
  readonly f1: readonly number[];
  /** Rows with that actual label. */
  readonly support: readonly number[];
  /** Unweighted means over `labels`; null for an empty state. */
  readonly macroPrecision: number | null;
  readonly macroRecall: number | null;
  readonly macroF1: number | null;
  /**
   * binary: ROC AUC of the positive label's score. multiclass: the one-vs-rest macro average
   * over the classes whose AUC is defined. null when undefined (labels only, or no class with
   * both positives and negatives).
   */
  readonly rocAuc: number | null;
  /** Upper bound of |rocAuc − exact| (non-zero only after a score distribution fell back to bins). */
  readonly rocAucErrorBound: number;
  /** multiclass: each class against the rest, in the scoring's class order (null where undefined). */
  readonly rocAucPerClass?: readonly (number | null)[];
  /** Mean per-row log loss (sklearn's clipping); null for labels only or an empty state. */
  readonly logLoss: number | null;
  /** binary: expected calibration error over 10 equal-width bins; null otherwise. */
  readonly expectedCalibrationError: number | null;
  /** binary: the non-empty calibration bins (reliability diagram). */
  readonly calibrationBins?: readonly CalibrationBinSummary[];
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * The metrics of a classification state, with sklearn.metrics' definitions:
 * - accuracy = trace / count;
 * - precision_c = TP / (TP + FP), recall_c = TP / (TP + FN), F1_c = 2 TP / (2 TP + FP + FN),
 *   each 0 when its denominator is 0 (precision_recall_fscore_support(zero_division=0));
 * - macro = unweighted mean over every label seen as actual or predicted;
 * - ROC AUC: roc_auc_score (binary), or multi_class='ovr', average='macro' (multiclass);
 * - log loss: log_loss, probabilities clipped to [eps, 1 − eps], eps = 2^-52, rows not renormalised;
 * - ECE: Σ_b (n_b / n) · |positive rate_b − mean score_b| over calibration_curve's 10 bins.
 */
export function classificationMetrics(state: ClassificationState): ClassificationMetrics {
  const labels = state.labels();
  const n = state.count;
  const confusionMatrix = labels.map((a) => labels.map((p) => state.cell(a, p)));
  const k = labels.length;
  const tp = labels.map((_, i) => confusionMatrix[i]?.[i] ?? 0);
  const support = confusionMatrix.map((row) => row.reduce((s, v) => s + v, 0));
  const predictedTotals = labels.map((_, j) => confusionMatrix.reduce((s, row) => s + (row[j] ?? 0), 0));
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  for (let i = 0; i < k; i++) {
    const t = tp[i] as number;
    const fp = (predictedTotals[i] as number) - t;
    const fn = (support[i] as number) - t;
    precision.push(ratio(t, t + fp));
    recall.push(ratio(t, t + fn));
    f1.push(ratio(2 * t, 2 * t + fp + fn));
  }
  const accuracy = n === 0 ? null : tp.reduce((s, v) => s + v, 0) / n;

  let rocAuc: number | null = null;
  let rocAucErrorBound = 0;
  let rocAucPerClass: (number | null)[] | undefined;
  const scoring = state.scoring;
  if (scoring.kind === 'binary') {
    const auc = state.scoreDistributions[0]?.rocAuc();
    rocAuc = auc?.value ?? null;
    rocAucErrorBound = auc?.errorBound ?? 0;
  } else if (scoring.kind === 'multiclass') {
    const aucs = state.scoreDistributions.map((d) => d.rocAuc());
    rocAucPerClass = aucs.map((a) => a.value);
    const defined = aucs.filter((a) => a.value !== null);
    rocAuc = mean(defined.map((a) => a.value as number));
    rocAucErrorBound = mean(defined.map((a) => a.errorBound)) ?? 0;
  }
  const logLoss = scoring.kind === 'labels' || n === 0 ? null : state.logLossSum / n;
  const calibration = state.calibration;
  return {
    count: n,
    labels,
    confusionMatrix,
    accuracy,
    precision,
    recall,
    f1,
    support,
    macroPrecision: mean(precision),
    macroRecall: mean(recall),
    macroF1: mean(f1),
    rocAuc,
    rocAucErrorBound,
    ...(rocAucPerClass ? { rocAucPerClass } : {}),
    logLoss,
    expectedCalibrationError: calibration?.expectedCalibrationError() ?? null,
    ...(calibration ? { calibrationBins: calibration.bins() } : {}),
  };
}
