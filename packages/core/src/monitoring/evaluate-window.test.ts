import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../drift/benjamini-hochberg.ts';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { chiSquareTest } from '../drift/chi-square-test.ts';
import { hellingerDistance } from '../drift/hellinger.ts';
import { jensenShannonDistance } from '../drift/jensen-shannon.ts';
import { ksTwoSample } from '../drift/ks-two-sample.ts';
import { lInfinityDistance } from '../drift/l-infinity.ts';
import { minimumWindowSize } from '../drift/minimum-sample-size.ts';
import { binnedNullThreshold } from '../drift/null-threshold.ts';
import { fitNumericProfile } from '../drift/numeric-profile.ts';
import { psi } from '../drift/psi.ts';
import { seededRandom, type SeededRandom } from '../drift/seeded-random.ts';
import { wassersteinDistance } from '../drift/wasserstein.ts';
import { validateInferenceEvent, type InferenceRecord } from '../events/inference-event.ts';
import { classificationMetrics } from '../performance/classification-metrics.ts';
import { regressionMetrics } from '../performance/regression-metrics.ts';
import type { ClassificationState } from '../performance/classification-state.ts';
import type { RegressionState } from '../performance/regression-state.ts';
import { evaluateWindow } from './evaluate-window.ts';
import { fitReferenceProfile } from './fit-reference-profile.ts';
import { METRIC_NAMES } from './metric-names.ts';
import type { MetricValue } from './metric-value.ts';
import { ModelWindowState } from './model-window-state.ts';
import { DEFAULT_MONITORING_OPTIONS, type MonitoringOptions } from './monitoring-options.ts';
import { NullThresholdCache } from './null-threshold-cache.ts';
import { parseReferenceProfile } from './parse-reference-profile.ts';
import type { ReferenceProfile, ReferenceRow } from './reference-profile.ts';
import type { OutcomeRecord, WindowInput } from './window-input.ts';

function normal(r: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

const CATEGORIES = ['a', 'b', 'c', 'd'];
const WEIGHTS = [0.4, 0.3, 0.2, 0.1];
function category(r: SeededRandom, shifted = false): string {
  const u = r.next();
  const w = shifted ? [...WEIGHTS].reverse() : WEIGHTS;
  let acc = 0;
  for (let i = 0; i < w.length; i++) {
    acc += w[i] as number;
    if (u < acc) return CATEGORIES[i] as string;
  }
  return CATEGORIES[CATEGORIES.length - 1] as string;
}

function makeReference(): ReferenceProfile {
  const r = seededRandom(100);
  const xs = Array.from({ length: 5000 }, () => normal(r));
  const zs = Array.from({ length: 5000 }, () => 50 + 10 * normal(r));
  const cs = Array.from({ length: 5000 }, () => category(r));
  const preds = Array.from({ length: 5000 }, () => (r.next() < 0.5 ? '1' : '0'));
  const sample = (v: number[]) => v.slice(0, 500).sort((a, b) => a - b);
  return {
    version: 1,
    modelId: 'm',
    modelVersion: 'v1',
    referenceId: 'ref-1',
    source: 'dataset',
    rows: 5000,
    createdAtMs: 0,
    task: 'classification',
    features: {
      x: { profile: fitNumericProfile(xs), sample: sample(xs), std: 1 },
      z: { profile: fitNumericProfile(zs), sample: sample(zs), std: 10 },
      c: { profile: fitCategoricalProfile(cs) },
    },
    prediction: { profile: fitCategoricalProfile(preds) },
    label: { profile: fitCategoricalProfile(preds) },
    importance: { x: 0.6, z: 0.3, c: 0.1 },
    performance: { rows: 2000, accuracy: 0.8 },
    estimation: { positiveClass: '1', calibrator: null },
  };
}

const REF = makeReference();

function event(r: SeededRandom, i: number, shift: number): InferenceRecord {
  const p = r.next();
  return {
    eventId: `e-${i}`,
    modelId: 'm',
    modelVersion: 'v1',
    predictionId: `p-${i}`,
    timestampMs: i,
    numericFeatures: { x: normal(r) + shift, z: 50 + 10 * normal(r) },
    categoricalFeatures: { c: category(r, shift > 0) },
    missingFeatures: [],
    predictionValue: null,
    predictionLabel: p < 0.5 ? '1' : '0',
    scores: { '1': p, '0': 1 - p },
    latencyMs: 3 + r.next() * 10,
    status: 'ok',
    segments: {},
    attributions: { x: normal(r), z: 0.5 * normal(r), c: 0.1 * normal(r) },
  };
}

function windowOf(n: number, shift: number, reference: ReferenceProfile | null, seed = 5): ModelWindowState {
  const r = seededRandom(seed);
  const s = new ModelWindowState({ sampleCapacity: 300 });
  for (let i = 0; i < n; i++) s.add({ kind: 'inference', event: event(r, i, shift), reference });
  return s;
}

const find = (rows: readonly MetricValue[], metric: string, feature = ''): MetricValue => {
  const row = rows.find((v) => v.metric === metric && v.feature === feature);
  if (row === undefined) throw new Error(`no row ${metric} / ${feature}`);
  return row;
};

function expectClean(rows: readonly MetricValue[]): void {
  const names = new Set<string>(METRIC_NAMES);
  for (const row of rows) {
    expect(names.has(row.metric), row.metric).toBe(true);
    if (row.value !== null) expect(Number.isFinite(row.value), `${row.metric} ${row.feature}`).toBe(true);
    if (row.threshold !== null) expect(Number.isFinite(row.threshold)).toBe(true);
    expect(Number.isSafeInteger(row.sampleSize)).toBe(true);
  }
  const keys = rows.map((r) => `${r.metric}|${r.feature}`);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('evaluateWindow: drift', () => {
  const thresholds = new NullThresholdCache();
  const same = windowOf(800, 0, REF);
  const shifted = windowOf(800, 0.5, REF);
  const sameRows = evaluateWindow(same, REF, DEFAULT_MONITORING_OPTIONS, thresholds);
  const shiftedRows = evaluateWindow(shifted, REF, DEFAULT_MONITORING_OPTIONS, thresholds);

  it('detects drift on a shifted window and not on a same-distribution window (fixed seed)', () => {
    for (const f of ['x', 'z', 'c']) expect(find(sameRows, 'drift', f).status).toBe('ok');
    expect(find(shiftedRows, 'drift', 'x').status).toBe('alert');
    expect(find(shiftedRows, 'drift', 'c').status).toBe('alert');
    expect(find(shiftedRows, 'drift', 'z').status).toBe('ok');
    expect(find(sameRows, 'prediction_drift').status).toBe('ok');
    expectClean(sameRows);
    expectClean(shiftedRows);
  });

  it('reports the values of direct calls on the same counts and samples', () => {
    const w = shifted.driftWindow;
    if (w === null) throw new Error('no drift window');
    for (const f of ['x', 'z', 'c']) {
      const ref = REF.features[f];
      const counts = w.features.get(f)?.counts as number[];
      const rc = ref?.profile.referenceCounts as number[];
      expect(find(shiftedRows, 'drift_psi', f).value).toBe(psi(rc, counts));
      expect(find(shiftedRows, 'drift_js_distance', f).value).toBe(jensenShannonDistance(rc, counts));
      expect(find(shiftedRows, 'drift_hellinger', f).value).toBe(hellingerDistance(rc, counts));
      expect(find(shiftedRows, 'drift_l_infinity', f).value).toBe(lInfinityDistance(rc, counts));
      expect(find(shiftedRows, 'drift_psi', f)).toMatchObject({ sampleSize: 800, threshold: null, status: 'ok' });
    }
    const c = w.features.get('c')?.counts as number[];
    expect(find(shiftedRows, 'drift_chi_square_p_value', 'c').value).toBe(chiSquareTest(REF.features['c']?.profile.referenceCounts as number[], c).pValue);
    for (const f of ['x', 'z']) {
      const sample = w.features.get(f)?.sample?.values() as Float64Array;
      const refSample = REF.features[f]?.sample as number[];
      const ks = ksTwoSample(refSample, sample);
      expect(find(shiftedRows, 'drift_ks_statistic', f)).toMatchObject({ value: ks.statistic, sampleSize: 300 });
      expect(find(shiftedRows, 'drift_ks_p_value', f).value).toBe(ks.pValue);
      expect(find(shiftedRows, 'drift_wasserstein_normed', f).value).toBe(wassersteinDistance(refSample, sample) / (REF.features[f]?.std as number));
    }
  });

  it('applies Benjamini-Hochberg across the features tests: decision = adjusted p-value against fdr', () => {
    const p = ['c', 'x', 'z'].map((f) => find(shiftedRows, f === 'c' ? 'drift_chi_square_p_value' : 'drift_ks_p_value', f).value as number);
    const bh = benjaminiHochberg(p, { alpha: 0.05 });
    ['c', 'x', 'z'].forEach((f, i) => {
      expect(find(shiftedRows, 'drift', f)).toMatchObject({ value: bh.adjusted[i], threshold: 0.05 });
    });
    expect(bh.adjusted.some((q, i) => q > (p[i] as number))).toBe(true); // BH raised a p-value: it was applied
    expect(find(shiftedRows, 'drift_ks_p_value', 'x')).toMatchObject({ threshold: null, status: 'ok' });
  });

  it('decides distances by the null threshold at the window size bucket', () => {
    const options: MonitoringOptions = { ...DEFAULT_MONITORING_OPTIONS, drift: { ...DEFAULT_MONITORING_OPTIONS.drift, numericMethod: 'psi', categoricalMethod: 'jensen_shannon', nullResamples: 100 } };
    const cache = new NullThresholdCache();
    const rows = evaluateWindow(shifted, REF, options, cache);
    const x = find(rows, 'drift', 'x');
    const size = cache.bucketSize(800);
    expect(size).toBeLessThanOrEqual(800);
    const expected = binnedNullThreshold(REF.features['x']?.profile.referenceCounts as number[], size, psi, { alpha: 1 - 0.99, resamples: 100, seed: 1 }).threshold;
    expect(x).toMatchObject({ value: find(rows, 'drift_psi', 'x').value, threshold: expected, status: 'alert' });
    expect(find(rows, 'drift', 'c')).toMatchObject({ value: find(rows, 'drift_js_distance', 'c').value, status: 'alert' });
    expect(find(evaluateWindow(same, REF, options, cache), 'drift', 'x').status).toBe('ok');
    expect(cache.hits).toBeGreaterThan(0);
    expect(find(evaluateWindow(shifted, REF, { ...options, drift: { ...options.drift, numericMethod: 'wasserstein' } }, cache), 'drift', 'x').status).toBe('alert');
  });

  it('marks windows below the minimum sample size insufficient_data, with values still computed', () => {
    const small = windowOf(20, 0, REF);
    const rows = evaluateWindow(small, REF, DEFAULT_MONITORING_OPTIONS, thresholds);
    expect(minimumWindowSize(REF.features['x']?.profile.referenceCounts as number[])).toBeGreaterThan(20);
    const x = find(rows, 'drift', 'x');
    expect(x.status).toBe('insufficient_data');
    expect(x.value).not.toBeNull();
    expect(find(rows, 'drift_psi', 'x')).toMatchObject({ status: 'insufficient_data', sampleSize: 20 });
    expect(find(rows, 'drift_psi', 'x').value).not.toBeNull();
    expectClean(rows);
    // An explicit minimum overrides Cochran's rule.
    const loose = evaluateWindow(small, REF, { ...DEFAULT_MONITORING_OPTIONS, drift: { ...DEFAULT_MONITORING_OPTIONS.drift, minSampleSize: 10 } });
    expect(find(loose, 'drift', 'x').status).not.toBe('insufficient_data');
  });

  it('without a reference: no_reference decision rows per feature seen, value null, no quality rows', () => {
    const none = windowOf(50, 0, null);
    const rows = evaluateWindow(none, null);
    expect(rows.filter((r) => r.metric === 'drift').map((r) => [r.feature, r.value, r.status])).toEqual([
      ['c', null, 'no_reference'],
      ['x', null, 'no_reference'],
      ['z', null, 'no_reference'],
    ]);
    expect(find(rows, 'prediction_drift')).toMatchObject({ value: null, status: 'no_reference' });
    expect(rows.some((r) => r.metric === 'missing_rate' || r.metric === 'drift_psi')).toBe(false);
    expect(find(rows, 'throughput').value).toBe(50);
    expectClean(rows);
    // A reference other than the one the state was counted against is not used either.
    expect(find(evaluateWindow(windowOf(50, 0, REF), { ...REF, referenceId: 'other' }), 'drift', 'x').status).toBe('no_reference');
  });

  it('writes health, quality, importance and root-cause rows in a stable order', () => {
    const order = shiftedRows.map((r) => r.metric);
    expect(order.slice(0, 8)).toEqual(['event_count', 'dlq_rate', 'throughput', 'error_rate', 'latency_mean_ms', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']);
    expect(find(shiftedRows, 'missing_rate', 'x').value).toBe(0);
    expect(order.indexOf('missing_rate')).toBeLessThan(order.indexOf('drift_psi'));
    expect(order.indexOf('drift')).toBeLessThan(order.indexOf('prediction_drift_psi'));
    expect(find(shiftedRows, 'importance', 'x').value).toBeCloseTo(Math.sqrt(2 / Math.PI), 1);
    expect(find(shiftedRows, 'importance_spearman').value).toBe(1);
    const causes = shiftedRows.filter((r) => r.metric === 'root_cause_score');
    expect(causes.map((r) => r.feature)).toEqual(['x', 'c']);
    expect(causes[0]?.value).toBeCloseTo((find(shiftedRows, 'drift_psi', 'x').value as number) * 0.6, 12);
    expect(evaluateWindow(shifted, REF, DEFAULT_MONITORING_OPTIONS, thresholds)).toEqual(shiftedRows);
  });
});

describe('evaluateWindow: performance', () => {
  const outcome = (i: number, actual: string, predicted: string, score: number, reference: ReferenceProfile | null = REF): WindowInput => ({
    kind: 'outcome',
    reference,
    outcome: {
      modelId: 'm', modelVersion: 'v1', predictionId: `p-${i}`, predictionTimestampMs: i,
      predictionValue: null, predictionLabel: predicted, scores: { '1': score, '0': 1 - score }, segments: {},
      labelValue: null, labelClass: actual, labelDelayMs: 1000 * i,
    } satisfies OutcomeRecord,
  });

  it('classification metrics equal classificationMetrics of the state; performance_change is the two-proportion z-test', () => {
    const s = windowOf(200, 0, REF);
    // 100 outcomes, 70 correct: accuracy 0.7 against the reference's 0.8 over 2000 rows.
    for (let i = 0; i < 100; i++) {
      const actual = i % 2 === 0 ? '1' : '0';
      const correct = i < 70;
      const predicted = correct ? actual : actual === '1' ? '0' : '1';
      s.add(outcome(i, actual, predicted, predicted === '1' ? 0.75 : 0.25));
    }
    s.add({ ...(outcome(200, '1', '1', 0.9) as Extract<WindowInput, { kind: 'outcome' }>), detections: ['adwin'] });
    const rows = evaluateWindow(s, REF);
    const m = classificationMetrics(s.classification as ClassificationState);
    expect(find(rows, 'accuracy')).toMatchObject({ value: m.accuracy, sampleSize: 101, status: 'ok' });
    expect(find(rows, 'precision').value).toBe(m.macroPrecision);
    expect(find(rows, 'recall').value).toBe(m.macroRecall);
    expect(find(rows, 'f1').value).toBe(m.macroF1);
    expect(find(rows, 'class_recall', '1').value).toBe(m.recall[1]);
    expect(find(rows, 'roc_auc').value).toBe(m.rocAuc);
    expect(find(rows, 'log_loss').value).toBe(m.logLoss);
    expect(find(rows, 'calibration_error').value).toBe(m.expectedCalibrationError);
    expect(find(rows, 'confusion_count', '1|0').value).toBe(m.confusionMatrix[1]?.[0]);
    expect(find(rows, 'concept_drift', 'adwin').value).toBe(1);
    expect(find(rows, 'label_coverage')).toMatchObject({ value: 101 / 200, sampleSize: 200 });
    expect(find(rows, 'labelled_count').value).toBe(101);
    expect(find(rows, 'label_delay_p50_ms').value).toBeCloseTo(50_000, -3);
    expect(find(rows, 'estimated_accuracy').sampleSize).toBe(200);

    // Without the 101st outcome: exactly 70 / 100 against 0.8 / 2000.
    const t = windowOf(10, 0, REF);
    for (let i = 0; i < 100; i++) t.add(outcome(i, 'x', i < 70 ? 'x' : 'y', 0.5));
    const change = evaluateWindow(t, REF);
    expect(find(change, 'performance_change')).toMatchObject({ threshold: 0.01, status: 'ok', sampleSize: 100 });
    expect(find(change, 'performance_change').value).toBeCloseTo(-0.1, 15);
    // Python: math.erfc(2.418422539821535 / math.sqrt(2))
    expect(find(change, 'performance_change_p_value').value).toBeCloseTo(0.015587964003905594, 12);
    expect(find(change, 'label_coverage').value).toBe(1);
    const strict = evaluateWindow(t, REF, { ...DEFAULT_MONITORING_OPTIONS, performanceAlpha: 0.05 });
    expect(find(strict, 'performance_change')).toMatchObject({ threshold: 0.05, status: 'alert' });
    expectClean(rows);
  });

  it('regression metrics equal regressionMetrics of the state; performance_change is the z-test on |e|', () => {
    const reference: ReferenceProfile = { ...REF, task: 'regression', performance: { rows: 1000, mae: 1.5, mse: 3 } };
    const s = new ModelWindowState();
    const errors = [1, -2, 3, -1, 2];
    for (let i = 0; i < 40; i++) {
      s.add({
        kind: 'outcome', reference,
        outcome: { modelId: 'm', modelVersion: 'v1', predictionId: `r${i}`, predictionTimestampMs: i, predictionValue: 0, predictionLabel: null, scores: {}, segments: {}, labelValue: errors[i % 5] as number, labelClass: null, labelDelayMs: 0 },
      });
    }
    const rows = evaluateWindow(s, reference);
    const m = regressionMetrics(s.regression as RegressionState);
    for (const k of ['mae', 'rmse', 'mape', 'r2'] as const) expect(find(rows, k).value).toBe(m[k]);
    expect(find(rows, 'performance_change').value).toBeCloseTo(0.3, 14);
    // Python: math.erfc(2.470160908777855 / math.sqrt(2)); E|e| = 1.8, E e² = 3.8, n = 40 vs 1.5, 3.0, 1000.
    expect(find(rows, 'performance_change_p_value').value).toBeCloseTo(0.01350522890470254, 12);
    expect(find(rows, 'label_coverage').value).toBeNull();
    expectClean(rows);
  });

  it('marks performance below minLabelledOutcomes insufficient_data', () => {
    const s = windowOf(10, 0, REF);
    for (let i = 0; i < 5; i++) s.add(outcome(i, '1', '1', 0.9));
    const rows = evaluateWindow(s, REF);
    expect(find(rows, 'accuracy')).toMatchObject({ value: 1, status: 'insufficient_data' });
    expect(find(rows, 'performance_change').status).toBe('insufficient_data');
    expectClean(rows);
  });

  it('never emits NaN on an empty state or a state of rejected records only', () => {
    const empty = new ModelWindowState();
    expectClean(evaluateWindow(empty, null));
    expectClean(evaluateWindow(empty, REF));
    const rejected = new ModelWindowState();
    rejected.add({ kind: 'rejected', modelId: 'm', modelVersion: 'v1', timestampMs: 0 });
    const rows = evaluateWindow(rejected, REF);
    expect(find(rows, 'dlq_rate').value).toBe(1);
    expectClean(rows);
  });
});

/**
 * Feature names that are keys of Object.prototype, or `__proto__`, are the producer's like any
 * other: fitted into the reference, counted by the window and scored (JSON text makes them own
 * keys, as a producer's JSON does).
 */
describe('features named __proto__ or after Object.prototype members', () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    JSON.parse(`{ "numeric": { "__proto__": ${i % 10}, "toString": ${i % 4} }, "categorical": { "constructor": "${i % 2 ? 'a' : 'b'}" }, "predictionLabel": "ok" }`),
  ) as ReferenceRow[];
  // Stored and read back, as the metrics service reads it.
  const reference = parseReferenceProfile(JSON.parse(JSON.stringify(fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows, source: 'dataset', createdAtMs: 0 }))));

  it('are counted and scored like any feature', () => {
    const state = new ModelWindowState();
    for (let i = 0; i < 200; i++) {
      const event = validateInferenceEvent({
        model_id: 'm', model_version: 'v1', prediction_id: `p${i}`, timestamp: 1_795_860_000_000 + i, prediction: 'ok',
        features: JSON.parse(`{ "__proto__": ${i % 10}, "constructor": "${i % 2 ? 'a' : 'b'}", "valueOf": 1 }`),
      });
      if (!event.ok) throw new Error(event.reason);
      state.add({ kind: 'inference', event: event.value, reference });
    }
    const rows = evaluateWindow(state, reference);
    const row = (metric: string, feature: string) => rows.find((r) => r.metric === metric && r.feature === feature);
    expect(row('drift_psi', '__proto__')).toMatchObject({ sampleSize: 200 });
    expect(row('drift', '__proto__')?.status).toBe('ok');
    expect(row('drift', 'constructor')?.status).toBe('ok');
    expect(row('missing_rate', '__proto__')).toMatchObject({ value: 0, sampleSize: 200 });
    // Absent from every event: missing, not Object.prototype.toString read as a value.
    expect(row('missing_rate', 'toString')).toMatchObject({ value: 1, sampleSize: 200 });
    expect(row('new_feature', 'valueOf')).toMatchObject({ value: 1 });
  });
});

/**
 * A text feature (a support ticket) is scored as a numeric feature on its lengths: a window whose
 * texts are shorter than the reference's drifts; its data quality counts the share of texts.
 */
describe('text features', () => {
  /** A distinct text of `length` characters. */
  const text = (i: number, length: number) => `${i} `.padEnd(length, 'the app crashes when I pay ');
  const ticketLength = (r: SeededRandom, scale: number) => Math.max(20, Math.round(scale * Math.exp(0.5 * normal(r))));
  const r = seededRandom(21);
  const rows: ReferenceRow[] = Array.from({ length: 3000 }, (_, i) => ({
    numeric: {},
    categorical: { ticket: text(i, ticketLength(r, 1500)), queue: category(r) },
    predictionLabel: i % 3 ? 'normal' : 'urgent',
  }));
  const reference = parseReferenceProfile(JSON.parse(JSON.stringify(fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows, source: 'dataset', createdAtMs: 0 }))));
  // The same lengths as a numeric feature: what a text feature's drift must equal.
  const asNumbers = fitReferenceProfile({ modelId: 'm', modelVersion: 'v1', rows: rows.map((row) => ({ numeric: { ticket: (row.categorical['ticket'] as string).length }, categorical: { queue: row.categorical['queue'] as string } })), source: 'dataset', createdAtMs: 0 });

  function textWindow(seed: number, scale: number, ref: ReferenceProfile, asNumber = false): ModelWindowState {
    const w = seededRandom(seed);
    const s = new ModelWindowState({ sampleCapacity: 300 });
    for (let i = 0; i < 800; i++) {
      const ticket = text(i, ticketLength(w, scale));
      const missing = i % 20 === 0;
      const event: InferenceRecord = {
        eventId: `t-${i}`, modelId: 'm', modelVersion: 'v1', predictionId: `t-${i}`, timestampMs: i,
        numericFeatures: asNumber && !missing ? { ticket: ticket.length } : {},
        categoricalFeatures: { ...(asNumber || missing ? {} : { ticket }), queue: i % 10 === 0 ? text(i, 400) : category(w) },
        missingFeatures: missing ? ['ticket'] : [], predictionValue: null, predictionLabel: 'normal', scores: {},
        latencyMs: null, status: 'ok', segments: {}, attributions: {},
      };
      s.add({ kind: 'inference', event, reference: ref });
    }
    return s;
  }
  const thresholds = new NullThresholdCache();
  const same = evaluateWindow(textWindow(1, 1500, reference), reference, DEFAULT_MONITORING_OPTIONS, thresholds);
  const shorter = evaluateWindow(textWindow(2, 600, reference), reference, DEFAULT_MONITORING_OPTIONS, thresholds);

  it('is fitted as text, and scored on its lengths exactly as a numeric feature of those lengths', () => {
    expect(reference.features['ticket']).toMatchObject({ text: true, profile: { kind: 'numeric' } });
    const numeric = evaluateWindow(textWindow(2, 600, asNumbers, true), asNumbers, DEFAULT_MONITORING_OPTIONS, new NullThresholdCache());
    const drift = (rows: readonly MetricValue[]) => rows.filter((x) => x.feature === 'ticket' && x.metric.startsWith('drift'));
    expect(drift(shorter)).toEqual(drift(numeric));
    expect(drift(shorter).map((x) => x.metric)).toEqual([
      'drift_psi', 'drift_js_distance', 'drift_hellinger', 'drift_l_infinity', 'drift_ks_statistic', 'drift_ks_p_value', 'drift_wasserstein_normed', 'drift',
    ]);
    expectClean(same);
    expectClean(shorter);
  });

  it('detects a shift in text length, and not a window like the reference', () => {
    expect(find(same, 'drift', 'ticket')).toMatchObject({ status: 'ok', sampleSize: 300 });
    expect(find(shorter, 'drift', 'ticket')).toMatchObject({ status: 'alert', sampleSize: 300 });
    expect(find(shorter, 'drift_psi', 'ticket')).toMatchObject({ sampleSize: 760 });
    const median = (rows: readonly MetricValue[]) => find(rows, 'text_length_median', 'ticket').value as number;
    expect(median(same)).toBeGreaterThan(1200);
    expect(median(same)).toBeLessThan(1800);
    expect(median(shorter)).toBeGreaterThan(450);
    expect(median(shorter)).toBeLessThan(750);
    const order = shorter.filter((x) => x.feature === 'ticket').map((x) => x.metric);
    expect(order.indexOf('text_length_median')).toBe(order.indexOf('drift') - 1);
  });

  it('reports its data quality: missing stays missing, the share of texts, and texts in a categorical feature', () => {
    expect(find(same, 'missing_rate', 'ticket')).toMatchObject({ value: 40 / 800, sampleSize: 800 });
    expect(find(same, 'type_mismatch_rate', 'ticket')).toMatchObject({ value: 0, sampleSize: 760 });
    const share = find(same, 'text_value_rate', 'ticket');
    expect(share.sampleSize).toBe(760);
    expect(share.value).toBeGreaterThan(0.95);
    expect(same.some((x) => x.feature === 'ticket' && (x.metric === 'unseen_category_rate' || x.metric === 'out_of_range_rate'))).toBe(false);
    // Short tickets are short texts, not a problem: the text share falls when tickets shorten.
    expect(find(shorter, 'text_value_rate', 'ticket').value).toBeLessThan(share.value as number);
    // queue is categorical: its texts (every 10th event) are counted as texts, not as unseen categories.
    expect(find(same, 'text_value_rate', 'queue')).toMatchObject({ value: 0.1, sampleSize: 800 });
    expect(find(same, 'unseen_category_rate', 'queue')).toMatchObject({ value: 0, sampleSize: 720 });
  });
});
