/**
 * One measured phase of `npm run bench`, in a process of its own so that its peak memory is
 * its own. Prints one JSON line: { phase, events, seconds, eventsPerSecond, peakRssMiB }.
 *
 *   raw-consumer <brokers> <topic> <events>       kafkajs eachBatch, no processing (the baseline)
 *   ingest <brokers> <prefix> <events> <registry>  modelwatch ingest into a fresh embedded warehouse
 *
 * The monitoring benchmark (1,000 models; see run-benchmarks.ts) adds, with a warehouse data
 * directory the parent created and removes:
 *
 *   references <dataDir> <rows> <baseTime> <stepMs>
 *       not measured: fits and saves one reference profile per model version into the embedded
 *       warehouse of <dataDir>, then exits, so the measured process starts with them stored and
 *       its peak memory does not include the fitting
 *   ingest-only <brokers> <prefix> <events> <registry> <dataDir> <ticks>
 *       targets `ingest`: done when all <events> + <ticks> are stored
 *   ingest+metrics <brokers> <prefix> <events> <registry> <dataDir> <ticks>
 *       targets `ingest,metrics`: done when every event is stored and counted into windows, every
 *       window is closed (open windows = the clock ticks' own), and the counters of stored events,
 *       window events, window deltas and metric rows have not moved for 3 flush intervals, and the
 *       warehouse shows a model_metrics row for every window in window_states; the time is taken
 *       at the last counter move. Adds the peak of modelwatch_metrics_open_windows (sampled every
 *       20 ms) and the rows of window_states / model_metrics to the JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fitReferenceProfile, loadConfig, referenceRowFromInference, validateInferenceEvent, withLabel } from '@modelwatch/core';
import { ReferenceStore } from '@modelwatch/metrics';
import { WAREHOUSE } from '@modelwatch/runtime';
import { createLogger } from '@modelwatch/telemetry';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { startModelwatch } from '../start-modelwatch.ts';
import { MONITORED_MODELS, monitoringEvent, monitoringLabel, referenceIndexes } from './bench-events.ts';
import { peakRssMiB } from './peak-memory.ts';

const [phase, brokers, topicOrPrefix, eventsArg, registry] = process.argv.slice(2);
const events = Number(eventsArg);
const FETCH = { maxBytesPerPartition: 16 * 1024 * 1024, minBytes: 1024 * 1024, maxWaitTimeInMs: 500 };

async function rawConsumer(): Promise<{ seconds: number }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [brokers!], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, ...FETCH, maxBytes: 32 * 1024 * 1024 });
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.connect();
  await consumer.subscribe({ topic: topicOrPrefix!, fromBeginning: true });
  // Both phases are timed from the moment the consumer has joined its group: ingest's timing
  // starts once startModelwatch returns, which waits for its consumers' join.
  let start = performance.now();
  consumer.on(consumer.events.GROUP_JOIN, () => (start = performance.now()));
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= events) done();
    },
  });
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await consumer.disconnect();
  return { seconds };
}

async function ingest(): Promise<{ seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  const config = loadConfig({
    env: {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: brokers,
      MODELWATCH_TOPIC_PREFIX: topicOrPrefix,
      MODELWATCH_GROUP_PREFIX: `${topicOrPrefix}-`,
      MODELWATCH_SCHEMA_REGISTRY_URL: registry,
      MODELWATCH_TARGETS: 'ingest',
      MODELWATCH_HTTP_PORT: '0',
      MODELWATCH_LOG_LEVEL: 'error',
    },
  });
  const running = await startModelwatch(config, createLogger({ level: 'error' }));
  const start = performance.now();
  const stored = () => [...running.metrics.render().matchAll(/^modelwatch_ingest_events_stored_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
  while (stored() < events) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - start) / 1000;
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { seconds };
}

/** The sum of a metric over all its label sets, from the registry's Prometheus text. */
function sumOf(text: string, name: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** `references`: one fitted reference profile per model version, saved before the measured phase starts. */
async function references(): Promise<void> {
  const [dataDir, rowsArg, baseArg, stepArg] = process.argv.slice(3);
  const started = performance.now();
  const config = loadConfig({ env: { MODELWATCH_DATA_DIR: dataDir } });
  const warehouse = await openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
  await migrate(warehouse);
  const store = new ReferenceStore(warehouse);
  let bytes = 0;
  for (let model = 0; model < MONITORED_MODELS; model++) {
    const rows = referenceIndexes(model, Number(rowsArg)).map((i) => {
      const checked = validateInferenceEvent(monitoringEvent(i, Number(baseArg), Number(stepArg)));
      if (!checked.ok) throw new Error(`bench event ${i} is invalid: ${checked.reason}`);
      return withLabel(referenceRowFromInference(checked.value), { labelValue: null, labelClass: monitoringLabel(i) });
    });
    const profile = fitReferenceProfile({ modelId: `model-${model}`, modelVersion: 'v1', rows, source: 'dataset', createdAtMs: Date.now() });
    bytes += JSON.stringify(profile).length;
    await store.save(profile);
  }
  // One part instead of a thousand, as a long-running warehouse's background merges would leave it.
  await warehouse.client.command({ query: 'OPTIMIZE TABLE reference_profiles FINAL' });
  await warehouse.close();
  process.stderr.write(`stored ${MONITORED_MODELS} reference profiles (${Math.round(bytes / 1024 / 1024)} MiB of JSON) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

interface MonitoredResult {
  seconds: number;
  peakRssMiB: number;
  extra: Record<string, unknown>;
}

/** `ingest-only` and `ingest+metrics` on the 1,000-model topics; see the top comment for when they are done. */
async function monitored(targets: 'ingest' | 'ingest,metrics'): Promise<MonitoredResult> {
  const [dataDir, ticksArg] = process.argv.slice(7);
  const ticks = Number(ticksArg);
  const expected = events + ticks;
  const config = loadConfig({
    env: {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: brokers,
      MODELWATCH_TOPIC_PREFIX: topicOrPrefix,
      MODELWATCH_GROUP_PREFIX: `${topicOrPrefix}-`,
      MODELWATCH_SCHEMA_REGISTRY_URL: registry,
      MODELWATCH_TARGETS: targets,
      MODELWATCH_HTTP_PORT: '0',
      MODELWATCH_LOG_LEVEL: 'error',
    },
  });
  const flushMs = config.metrics.flushIntervalMs;
  // Warnings are counted (a failing flush is retried forever: the phase must say so), and printed
  // from MODELWATCH_BENCH_LOG_LEVEL (default error).
  const printFrom = RANK[process.env['MODELWATCH_BENCH_LOG_LEVEL'] ?? 'error'] ?? 3;
  const warnings = new Map<string, number>();
  const write = (line: string): void => {
    const entry = JSON.parse(line) as { level: string; msg: string; error?: { message?: string } };
    const what = `${entry.level}: ${entry.msg}${entry.error?.message ? `: ${entry.error.message.slice(0, 200)}` : ''}`;
    if (/switched default partitioner|Limiting retries for the idempotent producer/.test(what)) return;
    warnings.set(what, (warnings.get(what) ?? 0) + 1);
    if ((RANK[entry.level] ?? 3) >= printFrom) process.stderr.write(line);
  };
  const running = await startModelwatch(config, createLogger({ level: 'warn', write }));
  const warehouse = running.modules.use(WAREHOUSE)!;
  const start = performance.now();
  let lastChange = start;
  let last = '';
  let openPeak = 0;
  let counts = { stored: 0, windowEvents: 0, deltas: 0, metricRows: 0, open: 0 };
  let end: number;
  let peak: number;
  let tables: Record<string, number> = {};
  let stableSince = Infinity;
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    const text = running.metrics.render();
    counts = {
      stored: sumOf(text, 'modelwatch_ingest_events_stored_total'),
      windowEvents: sumOf(text, 'modelwatch_metrics_window_events_total'),
      deltas: sumOf(text, 'modelwatch_metrics_window_deltas_written_total'),
      metricRows: sumOf(text, 'modelwatch_metrics_metric_rows_total'),
      open: sumOf(text, 'modelwatch_metrics_open_windows'),
    };
    openPeak = Math.max(openPeak, counts.open);
    const now = performance.now();
    const signature = `${counts.stored}|${counts.windowEvents}|${counts.deltas}|${counts.metricRows}`;
    if (signature !== last) {
      last = signature;
      lastChange = now;
    }
    if (targets === 'ingest') {
      if (counts.stored >= expected) {
        end = now;
        peak = peakRssMiB();
        break;
      }
      continue;
    }
    // Open windows were seen (a flush ran with the data in), every window but the ticks' own is
    // closed, and nothing moved for 3 flushes: the flush that closed them has written and evaluated.
    const drained = counts.stored >= expected && counts.windowEvents >= expected && openPeak > ticks && counts.open <= ticks && now - lastChange >= 3 * flushMs;
    if (!drained) {
      stableSince = Infinity;
      continue;
    }
    if (stableSince === Infinity) stableSince = now;
    const measuredEnd = lastChange;
    const measuredPeak = peakRssMiB();
    tables = await warehouseRows(warehouse.client);
    // Every window with a state has metric rows; else an evaluation is still running (or never
    // comes: after a minute of stillness, report what is there).
    if ((tables['windows']! > 0 && tables['evaluatedWindows']! >= tables['windows']!) || now - stableSince > 60_000) {
      end = measuredEnd;
      peak = measuredPeak;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const seconds = (end - start) / 1000;
  if (targets === 'ingest') tables = { inference_events: await count(warehouse.client, 'SELECT count() AS n FROM inference_events') };
  const byResult = Object.fromEntries([...running.metrics.render().matchAll(/^modelwatch_metrics_window_events_total\{result="([^"]*)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
  await running.stop();
  // MODELWATCH_BENCH_KEEP_DATA=1 keeps the warehouse to look at afterwards.
  if (process.env['MODELWATCH_BENCH_KEEP_DATA'] === '1') process.stderr.write(`kept the warehouse of ${phase} in ${dataDir}\n`);
  else rmSync(dataDir!, { recursive: true, force: true });
  return { seconds, peakRssMiB: peak, extra: { ticks, windowEventsByResult: byResult, flushIntervalMs: flushMs, openWindowsPeak: openPeak, counters: counts, tables, warnings: Object.fromEntries(warnings) } };
}

const RANK: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

type Client = Warehouse['client'];

async function count(client: Client, query: string): Promise<number> {
  const rows = await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

/** What the metrics phase left in the warehouse, to show the work was done. */
async function warehouseRows(client: Client): Promise<Record<string, number>> {
  const windowKey = '(model_id, model_version, segment_name, segment_value, window_start)';
  return {
    inference_events: await count(client, 'SELECT count() AS n FROM inference_events'),
    window_states: await count(client, 'SELECT count() AS n FROM window_states'),
    windowStateBytes: await count(client, 'SELECT sum(length(state)) AS n FROM window_states'),
    windows: await count(client, `SELECT uniqExact${windowKey} AS n FROM window_states`),
    windowStarts: await count(client, 'SELECT uniqExact(window_start) AS n FROM window_states'),
    // Each event is counted in its model's whole-version series and in its region's series.
    stateEventsAllSegments: await count(client, "SELECT sum(events) AS n FROM window_states WHERE segment_name = ''"),
    model_metrics: await count(client, 'SELECT count() AS n FROM model_metrics'),
    evaluatedWindows: await count(client, `SELECT uniqExact${windowKey} AS n FROM model_metrics WHERE metric != 'concept_drift'`),
    driftRows: await count(client, "SELECT count() AS n FROM model_metrics WHERE startsWith(metric, 'drift')"),
    alerts: await count(client, "SELECT count() AS n FROM model_metrics WHERE status = 'alert'"),
  };
}

if (phase === 'references') {
  await references();
  process.exit(0);
}
if (phase === 'ingest-only' || phase === 'ingest+metrics') {
  const { seconds, peakRssMiB: peak, extra } = await monitored(phase === 'ingest-only' ? 'ingest' : 'ingest,metrics');
  process.stdout.write(`${JSON.stringify({ phase, events, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMiB: Math.round(peak), ...extra })}\n`);
  process.exit(0);
}
const { seconds } = phase === 'raw-consumer' ? await rawConsumer() : await ingest();
process.stdout.write(`${JSON.stringify({ phase, events, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMiB: Math.round(peakRssMiB()) })}\n`);
process.exit(0);
