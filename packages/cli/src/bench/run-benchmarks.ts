/**
 * `npm run bench`: what ingest, the metrics engine, alerting and the SQL endpoint cost, each
 * against a baseline measured in the same run on the same data. Shared machines are noisy, so
 * the figures that matter are the ratios, taken over alternating repetitions (median and range).
 *
 * - Ingest (ingest-bench.ts): modelwatch ingest of JSON and Avro events against the raw kafkajs
 *   consumer on the same topic.
 * - Monitoring (monitoring-bench.ts): ingest+metrics against ingest-only, for each point of a
 *   sweep over models x features x segment values (the product of the three lists): events/s
 *   and their ratio, CPU per event by kind of thread, CPU per series-window, open series-windows.
 *   Event i belongs to model i % models; one event every --step-ms of event time, so 1-minute
 *   windows keep closing while the stream runs. Every model version has a reference stored in
 *   the warehouse before the phase starts (fitted once per shape, not measured), so drift is
 *   scored on references, not on first-traffic ones. A clock tick per partition, far past the
 *   last window, closes every window; bench-phase.ts says when a phase counts as done.
 * - Memory (memory-sweep.ts, --memory-sweep): ingest+metrics at N, 4N and 16N events at one event
 *   rate, N spanning --memory-windows windows; RSS(16N)/RSS(4N) shows whether state is bounded.
 * - Alerting (alerting-bench.ts) and the SQL endpoint (sql-endpoint-bench.ts).
 *
 * Every measured phase runs in a process of its own; its clock starts after the consumer-group
 * join and the warm-up, and it reports CPU per event (process.cpuUsage, split by thread from
 * /proc/self/task: main, libuv pool, workers, chDB, other), the broker's CPU, the load average at
 * the start and end, and memory (phase-clock.ts, thread-cpu.ts). The machine's CPU count is
 * printed first. The last line of stdout is one JSON object with every result.
 *
 * Flags:
 *   --events=N                   events of each ingest phase (raw consumer, JSON, Avro; default 300000)
 *   --repeats=R                  alternating pairs per comparison: raw vs ingest, ingest-only vs ingest+metrics (default 3)
 *   --warmup=F                   share of a phase's events handled before its clock starts, the first batch at the least (default 0.05)
 *   --skip-ingest                no ingest benchmark
 *   --skip-ingest-encodings      only the raw consumer on JSON, no ingest-json / ingest-avro phases
 *   --monitor-models=LIST        models of the monitoring sweep, comma-separated (default 1000; e.g. 1000,3000,10000)
 *   --monitor-features=LIST      features per event, at least 4: 4 fixed (country, channel, is_new, age), the rest numeric (default 20; e.g. 10,20,40)
 *   --monitor-segment-values=LIST  values of the events' one segment, region (default 2: eu and us; e.g. 2,3,8)
 *   --monitor-events=N           events per monitoring data set (default events / 2)
 *   --step-ms=MS                 event time between two monitoring events (default 0.2, 5,000 events per second of event time:
 *                                150k events span 30 s; a fraction is floored to whole milliseconds)
 *   --reference-rows=R           rows each reference profile is fitted on (default 500)
 *   --skip-monitoring            no monitoring sweep
 *   --memory-sweep               also the memory sweep: N, 4N and 16N events, the sweep's first features and segment values
 *   --memory-models=M            models of the memory sweep (default 100: today's engine needs a few ms per series-window,
 *                                and 16N at 100 models x 3 series x 160 windows is 48,000 of them, several minutes)
 *   --memory-events=N            N of the memory sweep (default 20000)
 *   --memory-windows=W           1-minute windows of event time that N events span (default 10; 16N spans 16 W)
 *   --skip-alerting              no alerting benchmark (alerting-bench.ts: routing throughput, window close → notification latency)
 *   --alerting-only              only the alerting benchmark (its own flags are in alerting-bench.ts)
 *   --skip-sql                   no SQL endpoint benchmark (sql-endpoint-bench.ts: ms per query through the endpoint vs the warehouse client)
 *   --sql-only                   only the SQL endpoint benchmark (needs neither Kafka nor the registry)
 *   --profile                    V8 CPU profile of each measured phase into .modelwatch/profiles
 *
 * The default run (one point: 1,000 models x 20 features x 2 values, 150k events, 3 pairs) takes
 * about as long as the metrics engine needs for 450k events. Keep sweeps of 10,000 models or 40
 * features for a machine of your own: each point fits its references and runs 2R phases.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { startKafka, startSchemaRegistry } from '@modelwatch/dev-stack';
import { alertingBenchmark, printAlerting } from './alerting-bench.ts';
import { checkShape } from './bench-events.ts';
import { BenchFlags } from './bench-flags.ts';
import { ingestBenchmark, printIngest } from './ingest-bench.ts';
import { memorySweep, printMemorySweep } from './memory-sweep.ts';
import { monitoringSweep, sweepShapes } from './monitoring-bench.ts';
import { ReferenceTemplates } from './monitoring-data.ts';
import { printMonitoring } from './monitoring-report.ts';
import type { PhaseContext } from './phase-process.ts';
import { printSqlEndpoint, type SqlEndpointResult } from './sql-endpoint-bench.ts';

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

/** The machine the figures come from: CPUs (and a cgroup's CPU limit, if any), the load when the run began. */
function machine(): { cpus: number; availableParallelism: number; cgroupCpuMax?: string; loadAverageAtStart: number[] } {
  let cgroupCpuMax: string | undefined;
  try {
    cgroupCpuMax = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim();
  } catch {
    // no cgroup v2 limit to read
  }
  return { cpus: cpus().length, availableParallelism: availableParallelism(), ...(cgroupCpuMax ? { cgroupCpuMax } : {}), loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100) };
}

export async function runBenchmarks(args: readonly string[]): Promise<number> {
  const flags = new BenchFlags(args);
  const events = flags.number('events', 300_000);
  const repeats = Math.max(1, Math.round(flags.number('repeats', 3)));
  const warmup = Math.min(0.5, flags.number('warmup', 0.05));
  const stepMs = flags.number('step-ms', 0.2);
  const referenceRows = flags.number('reference-rows', 500);
  const sweep = {
    models: flags.list('monitor-models', [1000]),
    features: flags.list('monitor-features', [20]),
    segmentValues: flags.list('monitor-segment-values', [2]),
    events: flags.number('monitor-events', Math.round(events / 2)),
    stepMs,
    repeats,
  };
  const shapes = sweepShapes(sweep);
  const memory = {
    on: flags.has('memory-sweep'),
    shape: checkShape({ ...shapes[0]!, models: flags.number('memory-models', 100) }),
    events: flags.number('memory-events', 20_000),
    windows: flags.number('memory-windows', 10),
  };
  const alertingOnly = flags.has('alerting-only');
  const skipIngest = flags.has('skip-ingest') || alertingOnly;
  const skipMonitoring = flags.has('skip-monitoring') || alertingOnly;
  const skipAlerting = flags.has('skip-alerting');
  // --profile writes a V8 CPU profile of each phase to .modelwatch/profiles (open in Chrome DevTools).
  const nodeArgs = flags.has('profile') ? ['--cpu-prof', '--cpu-prof-dir=.modelwatch/profiles'] : [];
  const dataDir = process.env['MODELWATCH_DATA_DIR'] ?? '.modelwatch';
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const host = machine();
  const printMachine = () =>
    process.stdout.write(
      `\nmachine: ${host.cpus} CPUs (available parallelism ${host.availableParallelism}${host.cgroupCpuMax ? `, cgroup cpu.max ${host.cgroupCpuMax}` : ''}), load average ${host.loadAverageAtStart.join(' ')} when the run began\n`,
    );
  if (flags.has('sql-only')) {
    const sql = await sqlEndpointPhase(nodeArgs, log);
    printMachine();
    printSqlEndpoint(sql);
    process.stdout.write(`\n${JSON.stringify({ machine: host, sql })}\n`);
    return 0;
  }
  const { brokers, pid: brokerPid } = await startKafka({ dataDir, log });
  const { url: registryUrl } = await startSchemaRegistry({ dataDir, log });
  const broker = brokers[0]!;
  const kafka = new Kafka({ clientId: 'bench', brokers: [broker], logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistry({ host: registryUrl });
  const id = randomBytes(3).toString('hex');
  const ctx: PhaseContext = { nodeArgs, broker, brokerPid, warmup, log };

  const ingest = skipIngest ? undefined : await ingestBenchmark({ kafka, registry, registryUrl, ctx, id, events, repeats, skipEncodings: flags.has('skip-ingest-encodings') });
  const templates = new ReferenceTemplates(referenceRows, log);
  let monitoring;
  let memoryRun;
  try {
    monitoring = skipMonitoring ? undefined : await monitoringSweep({ ...sweep, kafka, ctx, id, templates, registryUrl });
    memoryRun = memory.on && !alertingOnly ? await memorySweep({ kafka, ctx, id, templates, registryUrl, shape: memory.shape, events: memory.events, windows: memory.windows }) : undefined;
  } finally {
    await templates.removeAll();
  }
  const alerting = skipAlerting ? undefined : await alertingBenchmark({ kafka, broker, id, args, nodeArgs, log });
  const sql = flags.has('skip-sql') || alertingOnly ? undefined : await sqlEndpointPhase(nodeArgs, log);

  printMachine();
  if (ingest) printIngest(ingest, { events, repeats, warmup });
  if (monitoring) printMonitoring(monitoring, { referenceRows, repeats, warmup });
  if (memoryRun) printMemorySweep(memoryRun);
  if (alerting) printAlerting(alerting);
  if (sql) printSqlEndpoint(sql);
  const results = ingest?.flatMap((r) => r.results);
  process.stdout.write(
    `\n${JSON.stringify({
      events,
      repeats,
      warmup,
      machine: host,
      ...(ingest ? { results, ingest: ingest.map(({ results: _, ...summary }) => summary) } : {}),
      ...(monitoring ? { monitoring: { stepMs, referenceRows, repeats, points: monitoring } } : {}),
      ...(memoryRun ? { memory: memoryRun } : {}),
      ...(alerting ? { alerting } : {}),
      ...(sql ? { sql } : {}),
    })}\n`,
  );
  return 0;
}
