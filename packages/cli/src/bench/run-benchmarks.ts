/**
 * `npm run bench`: end-to-end ingest rate (Kafka topics into the warehouse) for JSON and Avro
 * events, beside the raw kafkajs consumer rate measured in the same run on the same data.
 * Shared machines are noisy, so the figures that matter are the ratios to that baseline.
 *
 * Then the monitoring benchmark: ingest and the metrics engine together for 1,000 models with 20
 * features each (`monitoringEvent`, one event every --step-ms of event time, so 2N events span
 * twice the event time of N: 1-minute windows keep closing while the stream runs). At each size
 * (N and 2N) the same JSON events go to two topic prefixes; `ingest-only` (targets ingest) and
 * `ingest+metrics` (targets ingest,metrics) each consume one copy from the start. Before the
 * metrics phase, a reference profile per model version (fitted on --reference-rows rows of the
 * same generator) is stored in the phase's fresh embedded warehouse by a setup process: fitted
 * once into a template directory, copied for each phase, so the measured process starts with the
 * references in place (as after `modelwatch reference upload`) and neither the fitting's time nor
 * its memory is measured. Drift is thus scored on reference bins and samples, not on first-traffic
 * references. A clock tick per partition, far past the last window, closes every window; see
 * bench-phase.ts for when a phase counts as done. Bounded state: RSS(2N)/RSS(N) should stay near 1.
 *
 * Flags:
 *   --events=N                 events of the raw-consumer / JSON / Avro ingest phases (default 300000)
 *   --monitor-events=N         N of the monitoring benchmark, run at N and 2N (default events / 2)
 *   --step-ms=MS               event time between two monitoring events (default 0.2, 5,000 events per second of event time:
 *                              2N = 300k spans 1 minute; a fraction is floored to whole milliseconds)
 *   --reference-rows=R         rows each reference profile is fitted on (default 500)
 *   --skip-ingest-encodings    skip the ingest-json / ingest-avro phases (the raw baseline still runs)
 *   --skip-monitoring          only the original ingest benchmark
 *   --skip-alerting            no alerting benchmark (alerting-bench.ts: routing throughput, window close → notification latency)
 *   --alerting-only            only the alerting benchmark (its own flags are in alerting-bench.ts)
 *   --skip-sql                 no SQL endpoint benchmark (sql-endpoint-bench.ts: ms per query through the endpoint vs the warehouse client)
 *   --sql-only                 only the SQL endpoint benchmark (needs neither Kafka nor the registry)
 *   --profile                  V8 CPU profile of each measured phase into .modelwatch/profiles
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { topicNames, loadConfig } from '@modelwatch/core';
import { startKafka, startSchemaRegistry } from '@modelwatch/dev-stack';
import { ensureModelwatchTopics } from '@modelwatch/kafka';
import { alertingBenchmark, printAlerting } from './alerting-bench.ts';
import { benchEvent, MONITORED_MODELS, monitoringEvent, tickEvent } from './bench-events.ts';
import { printSqlEndpoint, type SqlEndpointResult } from './sql-endpoint-bench.ts';

interface PhaseResult {
  phase: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMiB: number;
}

/** A monitoring phase: also the open-windows peak and what it left in the warehouse. */
interface MonitorResult extends PhaseResult {
  openWindowsPeak: number;
  tables: Record<string, number>;
  counters: Record<string, number>;
  warnings?: Record<string, number>;
}

const PHASE = fileURLToPath(new URL('./bench-phase.ts', import.meta.url));
const SQL_PHASE = fileURLToPath(new URL('./sql-endpoint-bench.ts', import.meta.url));

/** The SQL endpoint benchmark in a process of its own: chDB allows one process per data directory. */
function sqlEndpointPhase(nodeArgs: string[], log: (m: string) => void): Promise<SqlEndpointResult> {
  log('SQL endpoint: SELECT 1 and an hourly aggregate, on the warehouse client and through the endpoint as admin and as analyst ...');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SQL_PHASE], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase sql-endpoint failed (exit ${code}): ${out}`));
      else resolve(JSON.parse(line) as SqlEndpointResult);
    });
  });
}
const SCHEMA = fileURLToPath(new URL('../../../../schemas/inference-event.avsc', import.meta.url));

export async function runBenchmarks(args: readonly string[]): Promise<number> {
  const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const events = Number(flag('events') ?? 300_000);
  const monitorEvents = Number(flag('monitor-events') ?? Math.round(events / 2));
  const stepMs = Number(flag('step-ms') ?? 0.2);
  const referenceRows = Number(flag('reference-rows') ?? 500);
  const skipEncodings = args.includes('--skip-ingest-encodings');
  const alertingOnly = args.includes('--alerting-only');
  const skipMonitoring = args.includes('--skip-monitoring') || alertingOnly;
  const skipAlerting = args.includes('--skip-alerting');
  // --profile writes a V8 CPU profile of each phase to .modelwatch/profiles (open in Chrome DevTools).
  const nodeArgs = args.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=.modelwatch/profiles'] : [];
  const dataDir = process.env['MODELWATCH_DATA_DIR'] ?? '.modelwatch';
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (args.includes('--sql-only')) {
    const sql = await sqlEndpointPhase(nodeArgs, log);
    printSqlEndpoint(sql);
    process.stdout.write(`\n${JSON.stringify({ sql })}\n`);
    return 0;
  }
  const { brokers } = await startKafka({ dataDir, log });
  const { url: registryUrl } = await startSchemaRegistry({ dataDir, log });
  const broker = brokers[0]!;
  const kafka = new Kafka({ clientId: 'bench', brokers: [broker], logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistry({ host: registryUrl });
  const id = randomBytes(3).toString('hex');
  const base = Date.UTC(2026, 10, 28);

  const results: PhaseResult[] = [];
  for (const encoding of alertingOnly ? [] : (['json', 'avro'] as const)) {
    const prefix = `bench${id}${encoding}.`;
    const config = loadConfig({ env: { MODELWATCH_TOPIC_PREFIX: prefix } });
    const topic = topicNames(prefix).inference;
    await ensureModelwatchTopics(kafka, config.kafka);
    let schemaId = 0;
    if (encoding === 'avro') {
      schemaId = (await registry.register({ type: SchemaType.AVRO, schema: readFileSync(SCHEMA, 'utf8') }, { subject: `${topic}-value` })).id;
    }
    log(`producing ${events} ${encoding} events to ${topic} ...`);
    const producer = kafka.producer();
    await producer.connect();
    for (let start = 0; start < events; start += 5000) {
      const messages = [];
      for (let i = start; i < Math.min(events, start + 5000); i++) {
        const event = benchEvent(i, base);
        const value = encoding === 'json' ? Buffer.from(JSON.stringify(event)) : await registry.encode(schemaId, event);
        messages.push({ key: event.prediction_id, value });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    await producer.disconnect();
    if (encoding === 'json') results.push(await phase(nodeArgs, ['raw-consumer', broker, topic, String(events)]));
    if (skipEncodings) break;
    results.push({ ...(await phase(nodeArgs, ['ingest', broker, prefix, String(events), registryUrl])), phase: `ingest-${encoding}` });
  }

  const baseline = results.find((r) => r.phase === 'raw-consumer');
  const monitoring = skipMonitoring || !baseline ? undefined : await monitoringBenchmark({ kafka, registryUrl, broker, id, nodeArgs, monitorEvents, stepMs, referenceRows, log });
  const alerting = skipAlerting ? undefined : await alertingBenchmark({ kafka, broker, id, args, nodeArgs, log });
  const sql = args.includes('--skip-sql') || alertingOnly ? undefined : await sqlEndpointPhase(nodeArgs, log);

  if (baseline) printIngest(results, baseline, events);
  if (monitoring && baseline) printMonitoring(monitoring, baseline, { monitorEvents, stepMs, referenceRows });
  if (alerting) printAlerting(alerting);
  if (sql) printSqlEndpoint(sql);
  process.stdout.write(
    `\n${JSON.stringify({ events, results, ...(monitoring ? { monitoring: { models: MONITORED_MODELS, features: 20, stepMs, referenceRows, ...monitoring } } : {}), ...(alerting ? { alerting } : {}), ...(sql ? { sql } : {}) })}\n`,
  );
  return 0;
}

function printIngest(results: readonly PhaseResult[], baseline: PhaseResult, events: number): void {
  process.stdout.write(`\nmodelwatch ingest benchmark: ${events} inference events (20 features) per phase, 6 partitions, one process each\n\n`);
  process.stdout.write('phase            events/s   vs raw consumer   peak RSS MiB   vs raw consumer\n');
  for (const r of results) {
    process.stdout.write(
      `${r.phase.padEnd(16)} ${String(r.eventsPerSecond).padStart(9)}   ${(r.eventsPerSecond / baseline.eventsPerSecond).toFixed(2).padStart(15)}   ${String(r.peakRssMiB).padStart(12)}   ${(r.peakRssMiB / baseline.peakRssMiB).toFixed(2).padStart(15)}\n`,
    );
  }
}

interface MonitoringRun {
  readonly results: MonitorResult[];
  readonly bounded: { readonly events: [number, number]; readonly rssRatio: number; readonly openWindowsPeakRatio: number; readonly windowStatesRatio: number };
}

/** The 1,000-model benchmark: ingest-only and ingest+metrics at N and 2N events (see the top comment). */
async function monitoringBenchmark(o: {
  kafka: Kafka; registryUrl: string; broker: string; id: string; nodeArgs: string[]; monitorEvents: number; stepMs: number; referenceRows: number; log: (m: string) => void;
}): Promise<MonitoringRun> {
  const { kafka, log } = o;
  // Event times end well before now (the watermark ignores times ahead of the clock), hour-aligned.
  const base = Math.floor((Date.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000;
  const template = mkdtempSync(join(tmpdir(), 'modelwatch-bench-references-'));
  const results: MonitorResult[] = [];
  try {
    log(`fitting and storing ${MONITORED_MODELS} reference profiles (${o.referenceRows} rows each) ...`);
    await run([], ['references', template, String(o.referenceRows), String(base), String(o.stepMs)]);
    for (const size of [o.monitorEvents, 2 * o.monitorEvents]) {
      const prefixes = { ingest: `bench${o.id}mon${size}i.`, metrics: `bench${o.id}mon${size}m.` };
      const topics = [prefixes.ingest, prefixes.metrics].map((prefix) => topicNames(prefix).inference);
      for (const prefix of Object.values(prefixes)) await ensureModelwatchTopics(kafka, loadConfig({ env: { MODELWATCH_TOPIC_PREFIX: prefix } }).kafka);
      const partitions = await partitionCount(kafka, topics[0]!);
      const tickAt = base + size * o.stepMs + 30 * 60_000;
      if (tickAt > Date.now()) throw new Error('--monitor-events x --step-ms spans more event time than the last 2.5 hours');
      log(`producing ${size} json events over ${MONITORED_MODELS} models (${((size * o.stepMs) / 60_000).toFixed(1)} min of event time) + ${partitions} clock ticks to ${topics.join(' and ')} ...`);
      const producer = kafka.producer();
      await producer.connect();
      for (let start = 0; start < size; start += 5000) {
        const messages: { key: string; value: Buffer }[] = [];
        for (let i = start; i < Math.min(size, start + 5000); i++) {
          const event = monitoringEvent(i, base, o.stepMs);
          messages.push({ key: event.prediction_id, value: Buffer.from(JSON.stringify(event)) });
        }
        await producer.sendBatch({ topicMessages: topics.map((topic) => ({ topic, messages })), acks: -1 });
      }
      const ticks = Array.from({ length: partitions }, (_, partition) => ({ partition, key: `tick-${partition}`, value: Buffer.from(JSON.stringify(tickEvent(partition, tickAt))) }));
      await producer.sendBatch({ topicMessages: topics.map((topic) => ({ topic, messages: ticks })), acks: -1 });
      await producer.disconnect();

      const ingestDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
      results.push(await phase(o.nodeArgs, ['ingest-only', o.broker, prefixes.ingest, String(size), o.registryUrl, ingestDir, String(partitions)]) as MonitorResult);
      const metricsDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
      cpSync(template, metricsDir, { recursive: true, verbatimSymlinks: true });
      const metrics = await phase(o.nodeArgs, ['ingest+metrics', o.broker, prefixes.metrics, String(size), o.registryUrl, metricsDir, String(partitions)]) as MonitorResult;
      results.push(metrics);
    }
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
  const [small, large] = results.filter((r) => r.phase === 'ingest+metrics') as [MonitorResult, MonitorResult];
  return {
    results,
    bounded: {
      events: [small.events, large.events],
      rssRatio: round(large.peakRssMiB / small.peakRssMiB),
      openWindowsPeakRatio: round(large.openWindowsPeak / small.openWindowsPeak),
      windowStatesRatio: round((large.tables['window_states'] ?? 0) / (small.tables['window_states'] ?? 1)),
    },
  };
}

function printMonitoring(m: MonitoringRun, baseline: PhaseResult, o: { monitorEvents: number; stepMs: number; referenceRows: number }): void {
  const w = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(
    `\nmodelwatch monitoring benchmark: ${MONITORED_MODELS} models x 20 features, one event per ${o.stepMs} ms of event time, 1-minute windows,` +
      ` references fitted on ${o.referenceRows} rows per model; ratios vs the raw consumer above and vs ingest-only at the same size\n\n`,
  );
  process.stdout.write('phase              events   events/s  vs raw  vs ingest   peak RSS MiB  vs raw  vs ingest   open windows peak  window_states  model_metrics\n');
  for (const r of m.results) {
    const ingest = m.results.find((x) => x.phase === 'ingest-only' && x.events === r.events)!;
    const metrics = r.phase === 'ingest+metrics';
    process.stdout.write(
      `${r.phase.padEnd(16)} ${w(r.events, 8)}  ${w(r.eventsPerSecond, 9)}  ${w((r.eventsPerSecond / baseline.eventsPerSecond).toFixed(2), 6)}  ${w(metrics ? (r.eventsPerSecond / ingest.eventsPerSecond).toFixed(2) : '', 9)}` +
        `   ${w(r.peakRssMiB, 12)}  ${w((r.peakRssMiB / baseline.peakRssMiB).toFixed(2), 6)}  ${w(metrics ? (r.peakRssMiB / ingest.peakRssMiB).toFixed(2) : '', 9)}` +
        `   ${w(metrics ? r.openWindowsPeak : '', 17)}  ${w(metrics ? (r.tables['window_states'] ?? 0) : '', 13)}  ${w(metrics ? (r.tables['model_metrics'] ?? 0) : '', 13)}\n`,
    );
  }
  const [small, large] = m.results.filter((r) => r.phase === 'ingest+metrics') as [MonitorResult, MonitorResult];
  for (const r of [small, large]) {
    const t = r.tables;
    process.stdout.write(
      `  ${r.events}: ${t['windows']} windows with states (${Math.round((t['windowStateBytes'] ?? 0) / 1024 / 1024)} MiB of state JSON), ${t['evaluatedWindows']} evaluated,` +
        ` ${t['driftRows']} drift rows, ${t['alerts']} alerts; ${t['inference_events']} inference_events rows\n`,
    );
    for (const [what, times] of Object.entries(r.warnings ?? {})) process.stdout.write(`    logged ${times}x: ${what}\n`);
  }
  process.stdout.write(
    `\nbounded state: events x${(large.events / small.events).toFixed(2)} -> peak RSS x${m.bounded.rssRatio}, open windows peak x${m.bounded.openWindowsPeakRatio}` +
      ` (window_states rows x${m.bounded.windowStatesRatio}: written history grows with event time, memory should not)\n`,
  );
}

const round = (x: number): number => Math.round(x * 100) / 100;

async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

/** Runs a setup step of bench-phase.ts (not measured) to its end. */
function run(nodeArgs: string[], args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', PHASE, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench step ${args[0]} failed (exit ${code})`))));
  });
}

function phase(nodeArgs: string[], args: string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', PHASE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase ${args[0]} failed (exit ${code}): ${out}`));
      else {
        // Each result as it comes, so a long run that is stopped still shows what it measured.
        process.stderr.write(`phase result: ${line}\n`);
        resolve(JSON.parse(line) as PhaseResult);
      }
    });
  });
}
