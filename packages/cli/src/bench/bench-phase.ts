/**
 * One measured phase of `npm run bench`, in a process of its own so that its memory and CPU are
 * its own. Prints one JSON line: { phase, events, seconds, eventsPerSecond, peakRssMiB, ... }.
 *
 *   bench-phase.ts <phase> '<options as JSON>'
 *
 * Every measured phase takes { brokers, events, warmup, brokerPid? } and its own:
 *
 *   raw-consumer    { topic }                         kafkajs eachBatch, no processing (the baseline)
 *   ingest          { prefix, groupPrefix, registry } modelwatch ingest into a fresh embedded warehouse
 *
 * The monitoring benchmark (monitoring-bench.ts) adds, with a warehouse data directory the
 * parent created and removes:
 *
 *   references      { dataDir, rows, shape, baseTime, stepMs }
 *       not measured: reference-setup.ts, then exits
 *   ingest-only     { prefix, groupPrefix, registry, dataDir, ticks }
 *       targets `ingest`: done when all `events` + `ticks` are stored
 *   ingest+metrics  { prefix, groupPrefix, registry, dataDir, ticks }
 *       targets `ingest,metrics`: done when every event is stored and counted into windows, window
 *       deltas were written, every window is closed (open windows = the clock ticks' own), the
 *       counters of stored events, window events, window deltas and metric rows have not moved for
 *       3 flush intervals, and the warehouse shows a model_metrics row for every window in
 *       window_states; the time is taken at the last counter move. Adds the peak of
 *       modelwatch_metrics_open_windows (open series-windows, sampled every 20 ms) and what the
 *       warehouse holds (warehouse-rows.ts).
 *
 * Timing, CPU, load and memory: phase-clock.ts, the same for every phase. The clock starts after
 * the consumer-group join (ingest's once startModelwatch returns, which waits for its consumers'
 * join; the raw consumer's at GROUP_JOIN) and after the warm-up: `warmup` of the events and the
 * first batch at the least, counted by the phase's slowest pipeline (stored events for ingest,
 * the lower of stored events and window events for ingest+metrics, received events for the raw
 * consumer). Only the events after it are counted. Thread kinds for the CPU split: thread-cpu.ts.
 */
import './worker-threads-seen.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@modelwatch/core';
import { WAREHOUSE } from '@modelwatch/runtime';
import { createLogger } from '@modelwatch/telemetry';
import { startModelwatch } from '../start-modelwatch.ts';
import type { MonitoringShape } from './bench-events.ts';
import { PhaseClock, type Measured } from './phase-clock.ts';
import { storeReferences } from './reference-setup.ts';
import { findLibuvPool, readThreads, type ThreadIds } from './thread-cpu.ts';
import { count, warehouseRows } from './warehouse-rows.ts';
import { workerThreadIds } from './worker-threads-seen.ts';

interface PhaseOptions {
  brokers: string;
  events: number;
  warmup: number;
  brokerPid?: number;
  topic: string;
  prefix: string;
  groupPrefix: string;
  registry: string;
  dataDir: string;
  ticks: number;
  rows: number;
  shape: MonitoringShape;
  baseTime: number;
  stepMs: number;
}

const phase = process.argv[2];
const o = JSON.parse(process.argv[3] ?? '{}') as PhaseOptions;
const FETCH = { maxBytesPerPartition: 16 * 1024 * 1024, minBytes: 1024 * 1024, maxWaitTimeInMs: 500 };

/** Before anything is measured: which thread is the libuv pool's. */
async function threadIds(): Promise<() => ThreadIds> {
  const libuvPool = await findLibuvPool();
  const startup = new Set(readThreads().map((t) => t.tid));
  return () => ({ main: process.pid, libuvPool, workers: workerThreadIds(), startup });
}

const clockFor = (events: number, ids: () => ThreadIds) => new PhaseClock({ events, warmup: o.warmup, ids, ...(o.brokerPid ? { brokerPid: o.brokerPid } : {}) });

async function rawConsumer(ids: () => ThreadIds): Promise<Measured> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [o.brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}-${process.pid}`, ...FETCH, maxBytes: 32 * 1024 * 1024 });
  let seen = 0;
  let done!: (m: Measured) => void;
  const finished = new Promise<Measured>((r) => (done = r));
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  const clock = clockFor(o.events, ids);
  consumer.on(consumer.events.GROUP_JOIN, () => clock.joined());
  let stopped = false;
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      clock.step(seen, true);
      if (seen >= o.events && !stopped) {
        stopped = true;
        done(clock.stopNow());
      }
    },
  });
  const measured = await finished;
  await consumer.disconnect();
  return measured;
}

const configFor = (dataDir: string, targets: string) =>
  loadConfig({
    env: {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: o.brokers,
      MODELWATCH_TOPIC_PREFIX: o.prefix,
      MODELWATCH_GROUP_PREFIX: o.groupPrefix,
      MODELWATCH_SCHEMA_REGISTRY_URL: o.registry,
      MODELWATCH_TARGETS: targets,
      MODELWATCH_HTTP_PORT: '0',
      MODELWATCH_LOG_LEVEL: 'error',
    },
  });

async function ingest(ids: () => ThreadIds): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  const running = await startModelwatch(configFor(dataDir, 'ingest'), createLogger({ level: 'error' }));
  const clock = clockFor(o.events, ids);
  const stored = () => sumOf(running.metrics.render(), 'modelwatch_ingest_events_stored_total');
  let last = 0;
  let measured: Measured;
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    const now = stored();
    clock.step(now, now !== last);
    last = now;
    if (now >= o.events) {
      measured = clock.stopNow();
      break;
    }
  }
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return measured;
}

/** The sum of a metric over all its label sets, from the registry's Prometheus text. */
function sumOf(text: string, name: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** `ingest-only` and `ingest+metrics` on the monitoring topics; see the top comment for when they are done. */
async function monitored(targets: 'ingest' | 'ingest,metrics', ids: () => ThreadIds): Promise<{ measured: Measured; extra: Record<string, unknown> }> {
  const expected = o.events + o.ticks;
  const config = configFor(o.dataDir, targets);
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
  const clock = clockFor(expected, ids);
  let lastChange = performance.now();
  let last = '';
  let openPeak = 0;
  let counts = { stored: 0, windowEvents: 0, deltas: 0, metricRows: 0, open: 0 };
  let measured: Measured;
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
    const changed = signature !== last;
    if (changed) {
      last = signature;
      lastChange = now;
    }
    clock.step(targets === 'ingest' ? counts.stored : Math.min(counts.stored, counts.windowEvents), changed);
    if (targets === 'ingest') {
      if (counts.stored >= expected) {
        measured = clock.stopNow();
        break;
      }
      continue;
    }
    // A flush wrote closed windows (with a small data set the open windows may never be seen above
    // the ticks' own), every window but the ticks' own is closed, and nothing moved for 3 flushes:
    // the flush that closed them has written and evaluated.
    const drained = counts.stored >= expected && counts.windowEvents >= expected && counts.deltas > 0 && counts.open <= o.ticks && now - lastChange >= 3 * flushMs;
    if (!drained) {
      stableSince = Infinity;
      continue;
    }
    if (stableSince === Infinity) stableSince = now;
    tables = await warehouseRows(warehouse.client);
    // Every window with a state has metric rows; else an evaluation is still running (or never
    // comes: after a minute of stillness, report what is there).
    if ((tables['windows']! > 0 && tables['evaluatedWindows']! >= tables['windows']!) || now - stableSince > 60_000) {
      measured = clock.stopAtLastChange();
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (targets === 'ingest') tables = { inference_events: await count(warehouse.client, 'SELECT count() AS n FROM inference_events') };
  const byResult = Object.fromEntries([...running.metrics.render().matchAll(/^modelwatch_metrics_window_events_total\{result="([^"]*)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
  await running.stop();
  // MODELWATCH_BENCH_KEEP_DATA=1 keeps the warehouse to look at afterwards.
  if (process.env['MODELWATCH_BENCH_KEEP_DATA'] === '1') process.stderr.write(`kept the warehouse of ${phase} in ${o.dataDir}\n`);
  else rmSync(o.dataDir, { recursive: true, force: true });
  return { measured, extra: { ticks: o.ticks, windowEventsByResult: byResult, flushIntervalMs: flushMs, openWindowsPeak: openPeak, counters: counts, tables, warnings: Object.fromEntries(warnings) } };
}

const RANK: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The JSON line: the figures of the interval first, then what the phase adds. */
function report(measured: Measured, extra: Record<string, unknown> = {}): void {
  const { events: measuredEvents, ...figures } = measured;
  process.stdout.write(`${JSON.stringify({ phase, events: o.events, measuredEvents, ...figures, peakRssMiB: measured.memory.peakRssMiB, ...extra })}\n`);
}

if (phase === 'references') {
  await storeReferences(o);
  process.exit(0);
}
const ids = await threadIds();
if (phase === 'ingest-only' || phase === 'ingest+metrics') {
  const { measured, extra } = await monitored(phase === 'ingest-only' ? 'ingest' : 'ingest,metrics', ids);
  report(measured, extra);
} else if (phase === 'raw-consumer') report(await rawConsumer(ids));
else if (phase === 'ingest') report(await ingest(ids));
else throw new Error(`unknown bench phase ${phase}: raw-consumer, ingest, references, ingest-only or ingest+metrics`);
process.exit(0);
