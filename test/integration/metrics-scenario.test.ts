import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { closeAllWindows, runSimulator } from '../support/simulator-run.ts';
import { waitFor } from '../support/wait-for.ts';

const START = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const DURATION = 4 * HOUR;
const WINDOW = 5 * 60_000;
const at = (share: number) => START + share * DURATION;

/**
 * The simulator runs four hours of traffic for four models, as fast as it can, with covariate
 * drift on one model (50-80%), concept drift on another (from 50%) and an error burst on a third
 * (60-65%). Each shows in model_metrics in the windows where it was injected, and nowhere else.
 */
describe('a simulated scenario in the metrics table', () => {
  let mw: ModelwatchUnderTest;

  beforeAll(async () => {
    mw = await startModelwatchForTest({
      MODELWATCH_TOPIC_PARTITIONS: '3',
      MODELWATCH_METRICS_WINDOW_MS: String(WINDOW),
      MODELWATCH_METRICS_ALLOWED_LATENESS_MS: String(WINDOW),
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '2000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '500',
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(HOUR),
    });
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
  });

  it('puts each injected problem in its windows and nothing elsewhere', { timeout: 600_000 }, async () => {
    const { code, output } = await runSimulator(mw, [
      '--models', '4', '--rate', '6', '--duration', '4h', '--speed', 'max', '--seed', '20261101',
      '--start', new Date(START).toISOString(), '--label-delay', '2m', '--never-labelled', '0.2', '--drain-labels',
      '--covariate-drift', 'model=fraud-detector,feature=amount,shift=3,from=50%,to=80%',
      '--concept-drift', 'model=churn-predictor,strength=0.95,from=50%',
      '--error-burst', 'model=delivery-eta,rate=0.4,from=60%,to=65%',
    ]);
    expect(code, output).toBe(0);

    // A tick a day later on every partition closes every window.
    await closeAllWindows(mw, START + 24 * HOUR);

    // Done when every window of every model has metrics and nothing changes for a few seconds.
    const windows = (DURATION / WINDOW) * 4;
    let last = -1;
    let stable = 0;
    await waitFor(async () => {
      const [row] = await mw.rows<{ windows: string; rows: string }>(
        `SELECT uniqExactIf((model_id, window_start), segment_name = '' AND metric = 'event_count' AND window_start < fromUnixTimestamp64Milli({end:Int64}, 'UTC')) AS windows, count() AS rows FROM model_metrics`,
        { end: START + DURATION },
      );
      const rows = Number(row?.rows);
      stable = rows === last ? stable + 1 : 0;
      last = rows;
      return Number(row?.windows) >= windows && stable >= 3 ? true : undefined;
    }, 'every window to be evaluated', 400_000, 2000);

    const series = async (model: string, metric: string, feature = '') =>
      (await mw.rows<{ start: string; value: number | null; status: string }>(
        `SELECT toUnixTimestamp64Milli(window_start) AS start, value, status FROM model_metrics FINAL
         WHERE model_id = {model:String} AND segment_name = '' AND metric = {metric:String} AND feature = {feature:String} ORDER BY window_start`,
        { model, metric, feature },
      )).map((r) => ({ start: Number(r.start), value: r.value, status: r.status }));
    const inside = (start: number, from: number, to: number) => start >= from && start + WINDOW <= to;
    const outside = (start: number, from: number, to: number) => start + WINDOW <= from || start >= to;

    // Covariate drift: amount drifts inside 50-80%, and only there.
    const amount = (await series('fraud-detector', 'drift', 'amount')).filter((w) => w.status !== 'no_reference' && w.status !== 'insufficient_data');
    const drifted = amount.filter((w) => inside(w.start, at(0.5), at(0.8)));
    const quiet = amount.filter((w) => outside(w.start, at(0.5), at(0.8)));
    expect(drifted.length).toBeGreaterThan(10);
    expect(drifted.filter((w) => w.status === 'alert').length / drifted.length).toBeGreaterThan(0.9);
    expect(quiet.filter((w) => w.status === 'alert').length).toBeLessThanOrEqual(1);
    // The first hour is the reference, fitted once that hour is complete: its windows, counted
    // before it existed, are scored against it afterwards (and are among the quiet ones above).
    const early = (await series('fraud-detector', 'drift', 'amount')).filter((w) => w.start < START + HOUR);
    expect(early.length).toBe(HOUR / WINDOW);
    expect(early.filter((w) => w.status === 'no_reference')).toEqual([]);
    // Models without injected covariate drift barely alert (false discoveries are controlled).
    for (const model of ['delivery-eta', 'product-categorizer']) {
      const rows = await mw.rows<{ alerts: string; n: string }>(
        `SELECT countIf(status = 'alert') AS alerts, count() AS n FROM model_metrics FINAL WHERE model_id = {model:String} AND segment_name = '' AND metric = 'drift'`,
        { model },
      );
      expect(Number(rows[0]!.alerts) / Number(rows[0]!.n), model).toBeLessThan(0.05);
    }

    // Concept drift: churn-predictor's detectors fire after 50%, not before; accuracy falls.
    const concept = await mw.rows<{ start: string; feature: string }>(
      `SELECT toUnixTimestamp64Milli(window_start) AS start, feature FROM model_metrics FINAL WHERE metric = 'concept_drift' AND value > 0 AND model_id = {model:String}`,
      { model: 'churn-predictor' },
    );
    expect(concept.length).toBeGreaterThan(0);
    const churnAccuracy = (await series('churn-predictor', 'accuracy')).map((w) => `${new Date(w.start).toISOString().slice(11, 16)} ${w.value?.toFixed(3)}`);
    expect(concept.every((d) => Number(d.start) >= at(0.5) - WINDOW), `${JSON.stringify(concept)}\n${churnAccuracy.join(', ')}`).toBe(true);
    // The covariate drift of fraud-detector lowers its accuracy, and delivery-eta's error burst
    // sends fallback predictions: both change the error stream when they start and again when they
    // end (ADWIN may need many outcomes to see the return at a low rate), so detectors may fire
    // from the start on; never before it, and never on a model without an injected change.
    const others = await mw.rows<{ model_id: string; feature: string; start: string }>(
      `SELECT model_id, feature, toUnixTimestamp64Milli(window_start) AS start FROM model_metrics FINAL
       WHERE metric = 'concept_drift' AND model_id IN ('fraud-detector', 'product-categorizer', 'delivery-eta')`,
    );
    const fraudAccuracy = (await series('fraud-detector', 'accuracy')).map((w) => `${new Date(w.start).toISOString().slice(11, 16)} ${w.value?.toFixed(3)}`);
    const allowed: Record<string, readonly [number, number]> = { 'fraud-detector': [at(0.5), at(1)], 'delivery-eta': [at(0.6) - WINDOW, at(1)] };
    const unexpected = others.filter((d) => !allowed[d.model_id] || Number(d.start) < allowed[d.model_id]![0] || Number(d.start) > allowed[d.model_id]![1]);
    expect(unexpected, `${JSON.stringify(others)}\n${fraudAccuracy.join(', ')}`).toEqual([]);
    const accuracy = (await series('churn-predictor', 'accuracy')).filter((w) => w.value !== null);
    const mean = (ws: typeof accuracy) => ws.reduce((s, w) => s + (w.value ?? 0), 0) / ws.length;
    expect(mean(accuracy.filter((w) => w.start >= at(0.55))) + 0.1).toBeLessThan(mean(accuracy.filter((w) => w.start + WINDOW <= at(0.5))));
    const change = (await series('churn-predictor', 'performance_change')).filter((w) => w.start >= at(0.6));
    expect(change.filter((w) => w.status === 'alert').length / change.length).toBeGreaterThan(0.5);

    // Error burst: delivery-eta's error rate is high inside 60-65% and low everywhere else.
    const errors = await series('delivery-eta', 'error_rate');
    for (const w of errors) {
      if (inside(w.start, at(0.6), at(0.65))) expect(w.value!, new Date(w.start).toISOString()).toBeGreaterThan(0.25);
      else if (outside(w.start, at(0.6), at(0.65))) expect(w.value!, new Date(w.start).toISOString()).toBeLessThan(0.05);
    }
    for (const model of ['fraud-detector', 'churn-predictor']) {
      const worst = Math.max(...(await series(model, 'error_rate')).map((w) => w.value ?? 0));
      expect(worst, model).toBeLessThan(0.05);
    }
  });
});
