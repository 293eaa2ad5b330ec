import { benjaminiHochberg } from '../drift/benjamini-hochberg.ts';
import type { BinCounts } from '../drift/bin-counts.ts';
import { chiSquareTest } from '../drift/chi-square-test.ts';
import { regularizedGammaQ } from '../drift/gamma.ts';
import { hellingerDistance } from '../drift/hellinger.ts';
import { jensenShannonDistance } from '../drift/jensen-shannon.ts';
import { ksTwoSample } from '../drift/ks-two-sample.ts';
import { lInfinityDistance } from '../drift/l-infinity.ts';
import { minimumWindowSize } from '../drift/minimum-sample-size.ts';
import { binnedNullThreshold, sampleNullThreshold } from '../drift/null-threshold.ts';
import { psi } from '../drift/psi.ts';
import { quantileSorted } from '../drift/quantile.ts';
import { normedWassersteinDistance, wassersteinDistance } from '../drift/wasserstein.ts';
import { CbpeWindow } from '../estimation/cbpe-window.ts';
import { IsotonicRegression } from '../estimation/isotonic-regression.ts';
import { summarizeHealth, summarizeQuality, type MetricRow } from '../health/summarize.ts';
import { compareImportance } from '../importance/importance-drift.ts';
import { rankRootCauses, type FeatureDrift } from '../importance/root-cause.ts';
import { classificationMetrics } from '../performance/classification-metrics.ts';
import { regressionMetrics } from '../performance/regression-metrics.ts';
import type { MetricStatus, MetricValue } from './metric-value.ts';
import type { MonitoringMetricName } from './metric-names.ts';
import type { FeatureWindowCounts, ModelWindowState, ReferenceWindow } from './model-window-state.ts';
import { DEFAULT_MONITORING_OPTIONS, type MonitoringOptions } from './monitoring-options.ts';
import { NullThresholdCache } from './null-threshold-cache.ts';
import type { FeatureReference, ReferenceProfile } from './reference-profile.ts';

/** Seed of every null threshold: the same reference, size and options give the same threshold. */
const NULL_SEED = 1;

/**
 * A window state scored into metric rows (see METRIC_DOCS and monitoring/README.md for every
 * rule). Pass the reference whose referenceId the state holds (`state.referenceId`); with no
 * reference, or another one, the drift, data quality and estimation parts are not scored
 * (`no_reference` decision rows instead).
 *
 * Order (stable):
 * 1. event_count, dlq_rate, reference_conflicts (when > 0);
 * 2. service health (throughput, error_rate, latency_*);
 * 3. data quality, by feature name, then new_feature rows (summarizeQuality's order);
 * 4. feature drift by feature name: the statistic rows (drift_psi, drift_js_distance,
 *    drift_hellinger, drift_l_infinity, then drift_chi_square_p_value for a categorical feature or
 *    drift_ks_statistic, drift_ks_p_value, drift_wasserstein_normed for a numeric one, and for a
 *    text feature, scored as a numeric one on its lengths, text_length_median too) and the
 *    `drift` decision row; then prediction_drift_* and label_drift_* in the same layout;
 * 5. classification: accuracy, precision, recall, f1, class_precision/recall/f1 by class,
 *    roc_auc, log_loss, calibration_error (when the scoring has them), confusion_count cells;
 *    regression: mae, rmse, mape, r2; then performance_change, performance_change_p_value;
 * 6. estimated_accuracy, estimated_precision, estimated_recall, estimated_f1, estimated_roc_auc;
 * 7. label_coverage, labelled_count, label_delay_p50_ms, label_delay_p95_ms;
 * 8. concept_drift by detector type;
 * 9. importance by feature, importance_spearman, importance_ndcg, root_cause_score by rank.
 *
 * Every value is finite or null: a statistic that cannot be computed (empty window, no sample)
 * is null, never NaN or Infinity.
 */
export function evaluateWindow(
  state: ModelWindowState,
  reference: ReferenceProfile | null,
  options: MonitoringOptions = DEFAULT_MONITORING_OPTIONS,
  thresholds: NullThresholdCache = new NullThresholdCache(),
): MetricValue[] {
  const rows: MetricValue[] = [];
  const push = (metric: MonitoringMetricName, feature: string, value: number | null, sampleSize: number, threshold: number | null = null, status: MetricStatus = 'ok'): void => {
    rows.push({ metric, feature, value: finite(value), sampleSize, threshold: finite(threshold), status });
  };
  const fromRow = (r: MetricRow): void => push(r.metric, r.feature ?? '', r.value, r.sampleSize);

  // 1-2. Volume and service health.
  const inferences = state.inferenceCount;
  const rejected = state.rejectedCount;
  const outcomes = state.outcomeCount;
  push('event_count', '', inferences + outcomes + rejected, inferences + outcomes + rejected);
  push('dlq_rate', '', ratio(rejected, rejected + inferences), rejected + inferences);
  if (state.referenceConflicts > 0) push('reference_conflicts', '', state.referenceConflicts, inferences);
  for (const r of summarizeHealth(state.health)) fromRow(r);

  // 3-4. Data quality and drift, against the reference the state was counted against.
  const dw = state.driftWindow;
  const scored = reference !== null && dw !== null && dw.referenceId === reference.referenceId ? dw : null;
  const drift: FeatureDrift[] = [];
  const windowSizes = new Map<string, number>();
  if (scored !== null && reference !== null) {
    for (const r of summarizeQuality(scored.quality)) fromRow(r);
    scoreDrift(scored, reference, options, thresholds, push, drift, windowSizes);
  } else {
    const names = new Map<string, number>();
    for (const { value, count } of state.unreferencedFeatureCounts()) names.set(value, count);
    if (dw !== null) for (const [name, f] of dw.features) names.set(name, (names.get(name) ?? 0) + total(f.counts));
    for (const name of [...names.keys()].sort(compareNames)) push('drift', name, null, names.get(name) as number, null, 'no_reference');
    if (inferences > 0) push('prediction_drift', '', null, inferences, null, 'no_reference');
    if (outcomes > 0) push('label_drift', '', null, outcomes, null, 'no_reference');
  }

  // 5. Performance from outcomes.
  scorePerformance(state, reference, options, push);

  // 6. Estimated performance (CBPE).
  if (scored !== null && reference?.estimation !== undefined && scored.cbpePositiveClass !== null && scored.cbpeScores.size > 0) {
    const e = cbpeWindow(scored, reference).estimates();
    const status: MetricStatus = e.rows < options.minLabelledOutcomes ? 'insufficient_data' : 'ok';
    push('estimated_accuracy', '', e.accuracy, e.rows, null, status);
    push('estimated_precision', '', e.precision, e.rows, null, status);
    push('estimated_recall', '', e.recall, e.rows, null, status);
    push('estimated_f1', '', e.f1, e.rows, null, status);
    push('estimated_roc_auc', '', e.rocAuc, e.rows, null, status);
  }

  // 7. Labels.
  push('label_coverage', '', inferences === 0 ? null : Math.min(1, outcomes / inferences), inferences);
  push('labelled_count', '', outcomes, outcomes);
  const [p50 = null, p95 = null] = state.labelDelay.quantiles([0.5, 0.95]);
  push('label_delay_p50_ms', '', p50, state.labelDelay.count);
  push('label_delay_p95_ms', '', p95, state.labelDelay.count);

  // 8. Concept drift.
  for (const [type, n] of [...state.detections].sort((x, y) => compareNames(x[0], y[0]))) push('concept_drift', type, n, outcomes);

  // 9. Importance and root cause.
  const attributions = state.attributions;
  let windowImportance: Map<string, number> | null = null;
  if (attributions !== null && attributions.events > 0) {
    windowImportance = attributions.importances();
    for (const s of attributions.summaries()) push('importance', s.feature, s.meanAbsolute, s.count);
    if (reference?.importance !== undefined && windowImportance.size > 0) {
      const d = safe(() => compareImportance(reference.importance as Readonly<Record<string, number>>, windowImportance as Map<string, number>));
      if (d !== null) {
        push('importance_spearman', '', d.spearman, d.features.length);
        push('importance_ndcg', '', d.ndcg, d.features.length);
      }
    }
  }
  const importance = reference?.importance ?? windowImportance;
  if (drift.length > 0 && importance !== null) {
    const causes = safe(() => rankRootCauses(drift, importance)) ?? [];
    for (const c of causes) push('root_cause_score', c.feature, c.score, windowSizes.get(c.feature) ?? 0);
  }
  return rows;
}

type Push = (metric: MonitoringMetricName, feature: string, value: number | null, sampleSize: number, threshold?: number | null, status?: MetricStatus) => void;

type Prefix = 'drift' | 'prediction_drift' | 'label_drift';

/** One feature (or the prediction, or the label) scored, before the family-wide BH step. */
interface DriftScores {
  readonly prefix: Prefix;
  readonly feature: string;
  readonly kind: 'numeric' | 'categorical';
  /** Non-missing values in the window (the bins' total). */
  readonly n: number;
  /** Values in the window's sample (numeric). */
  readonly m: number;
  readonly sufficient: boolean;
  readonly psi: number | null;
  readonly js: number | null;
  readonly hellinger: number | null;
  readonly lInfinity: number | null;
  readonly chiSquareP: number | null;
  readonly ksStatistic: number | null;
  readonly ksP: number | null;
  readonly wasserstein: number | null;
  /** Text features only (undefined otherwise): the median of the window's sample of lengths. */
  readonly textLengthMedian?: number | null;
  /** How the decision is made. */
  readonly decision:
    | { readonly kind: 'test'; readonly p: number | null; readonly size: number }
    | { readonly kind: 'distance'; readonly value: number | null; readonly size: number; readonly threshold: () => number };
}

function scoreDrift(window: ReferenceWindow, reference: ReferenceProfile, options: MonitoringOptions, thresholds: NullThresholdCache, push: Push, drift: FeatureDrift[], sizes: Map<string, number>): void {
  const scores: DriftScores[] = [];
  for (const name of Object.keys(reference.features).sort(compareNames)) {
    const f = window.features.get(name);
    const ref = reference.features[name] as FeatureReference;
    if (f === undefined) continue;
    const s = scoreOne('drift', name, `feature:${name}`, ref, f, reference.referenceId, options, thresholds);
    scores.push(ref.text === true ? { ...s, textLengthMedian: f.sample !== null && f.sample.size > 0 ? quantileSorted(f.sample.sortedValues(), 0.5) : null } : s);
  }
  if (reference.prediction && window.prediction) scores.push(scoreOne('prediction_drift', '', 'prediction:', reference.prediction, window.prediction, reference.referenceId, options, thresholds));
  if (reference.label && window.label) scores.push(scoreOne('label_drift', '', 'label:', reference.label, window.label, reference.referenceId, options, thresholds));

  // Benjamini-Hochberg across the features' tests that have enough data; prediction and label are families of one.
  const family = scores.filter((s) => s.prefix === 'drift' && s.sufficient && s.decision.kind === 'test' && s.decision.p !== null);
  const adjusted = new Map<DriftScores, number>();
  if (family.length > 0) {
    const bh = benjaminiHochberg(family.map((s) => (s.decision as { p: number }).p), { alpha: options.drift.fdr });
    family.forEach((s, i) => adjusted.set(s, bh.adjusted[i] as number));
  }

  for (const s of scores) {
    const status: MetricStatus = s.sufficient ? 'ok' : 'insufficient_data';
    const metric = (suffix: string): MonitoringMetricName => `${s.prefix}_${suffix}` as MonitoringMetricName;
    push(metric('psi'), s.feature, s.psi, s.n, null, status);
    push(metric('js_distance'), s.feature, s.js, s.n, null, status);
    push(metric('hellinger'), s.feature, s.hellinger, s.n, null, status);
    push(metric('l_infinity'), s.feature, s.lInfinity, s.n, null, status);
    if (s.kind === 'categorical') {
      push(metric('chi_square_p_value'), s.feature, s.chiSquareP, s.n, null, status);
    } else {
      push(metric('ks_statistic'), s.feature, s.ksStatistic, s.m, null, status);
      push(metric('ks_p_value'), s.feature, s.ksP, s.m, null, status);
      push(metric('wasserstein_normed'), s.feature, s.wasserstein, s.m, null, status);
      if (s.textLengthMedian !== undefined) push('text_length_median', s.feature, s.textLengthMedian, s.m, null, status);
    }
    const d = s.decision;
    let alert = false;
    if (d.kind === 'test') {
      const q = s.prefix === 'drift' ? (adjusted.get(s) ?? null) : d.p;
      if (s.sufficient && q !== null) {
        alert = q < options.drift.fdr;
        push(s.prefix, s.feature, q, d.size, options.drift.fdr, alert ? 'alert' : 'ok');
      } else {
        push(s.prefix, s.feature, d.p, d.size, null, 'insufficient_data');
      }
    } else if (s.sufficient && d.value !== null) {
      const threshold = safe(d.threshold);
      alert = threshold !== null && d.value > threshold;
      push(s.prefix, s.feature, d.value, d.size, threshold, alert ? 'alert' : 'ok');
    } else {
      push(s.prefix, s.feature, d.value, d.size, null, 'insufficient_data');
    }
    if (s.prefix === 'drift') {
      sizes.set(s.feature, s.n);
      if (alert && s.psi !== null) drift.push({ feature: s.feature, drift: s.psi });
    }
  }
}

function scoreOne(
  prefix: Prefix,
  feature: string,
  cacheName: string,
  ref: FeatureReference,
  f: FeatureWindowCounts,
  referenceId: string,
  options: MonitoringOptions,
  thresholds: NullThresholdCache,
): DriftScores {
  const refCounts = ref.profile.referenceCounts;
  const counts = f.counts;
  const n = total(counts);
  const minSize = options.drift.minSampleSize > 0 ? options.drift.minSampleSize : (safe(() => minimumWindowSize(refCounts)) ?? Infinity);
  const sufficient = n > 0 && n >= minSize;
  const binned = (stat: (r: BinCounts, w: BinCounts) => number): number | null => (n === 0 ? null : safe(() => stat(refCounts, counts)));
  const kind = ref.profile.kind;
  const sample = f.sample !== null && f.sample.size > 0 ? f.sample.values() : null;
  const refSample = ref.sample !== undefined && ref.sample.length > 0 ? ref.sample : null;
  const m = sample?.length ?? 0;
  const ks = kind === 'numeric' && sample && refSample ? safe(() => ksTwoSample(refSample, sample)) : null;
  const std = ref.std;
  const wassersteinOf =
    std !== undefined && Number.isFinite(std) && std >= 0
      ? (r: ArrayLike<number>, w: ArrayLike<number>) => wassersteinDistance(r, w) / Math.max(std, 0.001)
      : (r: ArrayLike<number>, w: ArrayLike<number>) => normedWassersteinDistance(r, w);
  const wasserstein = kind === 'numeric' && sample && refSample ? safe(() => wassersteinOf(refSample, sample)) : null;
  const scores = {
    psi: binned(psi),
    js: binned(jensenShannonDistance),
    hellinger: binned(hellingerDistance),
    lInfinity: binned(lInfinityDistance),
    chiSquareP: kind === 'categorical' ? binned((r, w) => chiSquareTest(r, w).pValue) : null,
    ksStatistic: ks?.statistic ?? null,
    ksP: ks?.pValue ?? null,
    wasserstein,
  };

  const { numericMethod, categoricalMethod, nullQuantile, nullResamples } = options.drift;
  const nullOptions = { alpha: 1 - nullQuantile, resamples: nullResamples, seed: NULL_SEED };
  const key = (statistic: string) => ({ referenceId, feature: cacheName, statistic, quantile: nullQuantile, resamples: nullResamples });
  const binnedDecision = (statistic: string, value: number | null, stat: (r: BinCounts, w: BinCounts) => number): DriftScores['decision'] => ({
    kind: 'distance',
    value,
    size: n,
    threshold: () => thresholds.threshold(key(statistic), n, (size) => binnedNullThreshold(refCounts, size, stat, nullOptions).threshold),
  });
  let decision: DriftScores['decision'];
  const method = kind === 'numeric' ? numericMethod : categoricalMethod;
  if (method === 'chi_square') decision = { kind: 'test', p: scores.chiSquareP, size: n };
  else if (method === 'ks' && ks !== null) decision = { kind: 'test', p: scores.ksP, size: m };
  else if (method === 'wasserstein' && wasserstein !== null && refSample !== null) {
    decision = {
      kind: 'distance',
      value: wasserstein,
      size: m,
      threshold: () => thresholds.threshold(key('wasserstein'), m, (size) => sampleNullThreshold(refSample, size, wassersteinOf, nullOptions).threshold),
    };
  } else if (method === 'jensen_shannon') decision = binnedDecision('jensen_shannon', scores.js, jensenShannonDistance);
  else if (method === 'hellinger') decision = binnedDecision('hellinger', scores.hellinger, hellingerDistance);
  else if (method === 'l_infinity') decision = binnedDecision('l_infinity', scores.lInfinity, lInfinityDistance);
  // 'psi', and the fallback of KS / Wasserstein without samples.
  else decision = binnedDecision('psi', scores.psi, psi);
  return { prefix, feature, kind, n, m, sufficient, ...scores, decision };
}

function scorePerformance(state: ModelWindowState, reference: ReferenceProfile | null, options: MonitoringOptions, push: Push): void {
  const minimum = options.minLabelledOutcomes;
  const alpha = options.performanceAlpha;
  const perf = reference?.performance;
  let change: { value: number; p: number | null; n: number } | null = null;
  const preferRegression = reference?.task === 'regression';

  const c = state.classification;
  if (c !== null && c.count > 0) {
    const m = classificationMetrics(c);
    const n = m.count;
    const status: MetricStatus = n < minimum ? 'insufficient_data' : 'ok';
    push('accuracy', '', m.accuracy, n, null, status);
    push('precision', '', m.macroPrecision, n, null, status);
    push('recall', '', m.macroRecall, n, null, status);
    push('f1', '', m.macroF1, n, null, status);
    const predicted = m.labels.map((_, j) => m.confusionMatrix.reduce((s, row) => s + (row[j] ?? 0), 0));
    m.labels.forEach((label, i) => {
      push('class_precision', label, m.precision[i] ?? null, predicted[i] ?? 0, null, status);
      push('class_recall', label, m.recall[i] ?? null, m.support[i] ?? 0, null, status);
      push('class_f1', label, m.f1[i] ?? null, m.support[i] ?? 0, null, status);
    });
    if (c.scoring.kind !== 'labels') {
      push('roc_auc', '', m.rocAuc, n, null, status);
      push('log_loss', '', m.logLoss, n, null, status);
    }
    if (c.scoring.kind === 'binary') push('calibration_error', '', m.expectedCalibrationError, n, null, status);
    m.labels.forEach((actual, i) =>
      m.labels.forEach((pred, j) => {
        const cell = m.confusionMatrix[i]?.[j] ?? 0;
        if (cell > 0) push('confusion_count', `${actual}|${pred}`, cell, n);
      }),
    );
    if (!preferRegression && perf?.accuracy !== undefined && m.accuracy !== null) {
      change = { value: m.accuracy - perf.accuracy, p: twoProportionPValue(m.accuracy, n, perf.accuracy, perf.rows), n };
    }
  }

  const r = state.regression;
  if (r !== null && r.count > 0) {
    const m = regressionMetrics(r);
    const n = m.count;
    const status: MetricStatus = n < minimum ? 'insufficient_data' : 'ok';
    push('mae', '', m.mae, n, null, status);
    push('rmse', '', m.rmse, n, null, status);
    push('mape', '', m.mape, n, null, status);
    push('r2', '', m.r2, n, null, status);
    if ((change === null || preferRegression) && perf?.mae !== undefined && perf.mse !== undefined && m.mae !== null) {
      change = { value: m.mae - perf.mae, p: absoluteErrorPValue(m.mae, r.squaredErrorSum / n, n, perf.mae, perf.mse, perf.rows), n };
    }
  }

  if (change !== null) {
    const sufficient = change.n >= minimum && change.p !== null;
    const status: MetricStatus = !sufficient ? 'insufficient_data' : (change.p as number) < alpha ? 'alert' : 'ok';
    push('performance_change', '', change.value, change.n, alpha, status);
    push('performance_change_p_value', '', change.p, change.n, null, sufficient ? 'ok' : 'insufficient_data');
  }
}

/**
 * Two-sided p-value of the two-proportion z-test (pooled): window accuracy p1 over n1 outcomes
 * against the reference accuracy p0 over n0 rows. null when a side is empty.
 */
export function twoProportionPValue(p1: number, n1: number, p0: number, n0: number): number | null {
  if (!(n1 > 0 && n0 > 0)) return null;
  const pooled = (p1 * n1 + p0 * n0) / (n1 + n0);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n0);
  return twoSidedNormalP(p1 - p0, variance);
}

/**
 * Two-sided p-value of the z-test on mean absolute errors (Welch-style, unpooled): each side's
 * variance of |e| is E|e|² − (E|e|)² = MSE − MAE² (the window's E|e|² is its squared error sum / n).
 */
export function absoluteErrorPValue(mae1: number, mse1: number, n1: number, mae0: number, mse0: number, n0: number): number | null {
  if (!(n1 > 0 && n0 > 0)) return null;
  const variance = Math.max(0, mse1 - mae1 * mae1) / n1 + Math.max(0, mse0 - mae0 * mae0) / n0;
  return twoSidedNormalP(mae1 - mae0, variance);
}

/** P(|Z| >= |difference| / sd) = erfc(|z| / √2) = Q(1/2, z² / 2); a zero variance gives 1 (no difference) or 0. */
function twoSidedNormalP(difference: number, variance: number): number | null {
  if (!Number.isFinite(difference) || !Number.isFinite(variance)) return null;
  if (variance <= 0) return difference === 0 ? 1 : 0;
  const z = difference / Math.sqrt(variance);
  return regularizedGammaQ(0.5, (z * z) / 2);
}

const calibrators = new WeakMap<ReferenceProfile, IsotonicRegression | null>();

function cbpeWindow(window: ReferenceWindow, reference: ReferenceProfile): CbpeWindow {
  let calibrator = calibrators.get(reference);
  if (calibrator === undefined) {
    const json = reference.estimation?.calibrator ?? null;
    calibrator = json === null ? null : IsotonicRegression.fromJSON(json);
    calibrators.set(reference, calibrator);
  }
  const out = new CbpeWindow(calibrator);
  for (const [score, [negatives, positives]] of [...window.cbpeScores].sort((x, y) => x[0] - y[0])) {
    for (let i = 0; i < negatives; i++) out.add(score, false);
    for (let i = 0; i < positives; i++) out.add(score, true);
  }
  return out;
}

function total(counts: readonly number[]): number {
  let s = 0;
  for (const c of counts) s += c;
  return s;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The value, or null when the computation refuses its input (a DriftInputError and the like). */
function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
