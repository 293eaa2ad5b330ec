/**
 * The latency phase of the alerting benchmark: time from a window's close to the webhook request
 * that notifies its alert, under load from the simulator, with group_wait 0 so that only the
 * system's own delay counts.
 *
 * modelwatch runs as a child process (`modelwatch run --targets ingest,metrics,alerts`, a fresh
 * embedded warehouse and topic prefix) with --alerting-window-ms windows (default 5 s), 500 ms allowed lateness, a 200 ms
 * flush interval and a 1 s idle timeout, so windows close every few seconds. The simulator, a second
 * child, sends real-time traffic (`--speed 1`, event time ≈ wall time) with repeated error bursts;
 * the rules (for 1, flap damping off) fire on the error rate and on p99 latency jumping 25% over
 * its 3-window mean (noisy on short windows, so it fires and resolves often), in every segment.
 * Routing: group_by ['...'] (each alert its own group), group_wait 0s, group_interval 1s, one
 * receiver with a webhook to a local HTTP server in this process that records each request's
 * arrival time. This process also reads the `<prefix>metrics` topic (each window's `computed_at`)
 * and `<prefix>alerts` (alert changes).
 *
 * For each firing alert of a `first_notification` request (the group_wait-0 path):
 *   close     = windowEnd + allowed lateness: the earliest moment the watermark can close the
 *               window (event time ≈ wall time). The simulator sends each 250 ms tick's events at
 *               the tick's end, so up to ~250 ms of close→computed is the load generator's.
 *   computed  = the metric event's computed_at (metrics engine done with the window)
 *   evaluated = the alert's startsAt (the alerts service evaluated the metric event)
 *   routed    = the notification's createdAt (published to the alerts topic and table, routed)
 *   request   = arrival of the webhook request here (outbox write, history query, HTTP)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topicNames } from '@modelwatch/core';
import type { Kafka } from 'kafkajs';

const CLI = fileURLToPath(new URL('../../bin/modelwatch.mjs', import.meta.url));
const LATENESS_MS = 500;
const FLUSH_MS = 200;
const SECRET_ENV = 'BENCH_ALERTING_WEBHOOK_SECRET';

const RULES = `rules:
  - id: bench-error-rate
    description: error rate above 5% (for 1, no flap damping)
    select: { metric: error_rate }
    condition: { above: 0.05 }
    for: 1
    min_sample_size: 10
    severity: critical
    flap: false
  - id: bench-latency-jump
    description: p99 latency 25% above the mean of its previous 3 windows (noisy on short windows)
    select: { metric: latency_p99_ms }
    condition: { change: { baseline_windows: 3, relative: true, above: 0.25 } }
    for: 1
    min_sample_size: 10
    severity: warning
    flap: false
`;

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LatencyResult {
  phase: 'alerting-latency';
  seconds: number;
  rate: number;
  windowMs: number;
  allowedLatenessMs: number;
  flushIntervalMs: number;
  metricEvents: number;
  alertChanges: Record<string, number>;
  requests: number;
  requestsByReason: Record<string, number>;
  alertsDelivered: number;
  alertsDeliveredPerSecond: number;
  alertChangesPerSecond: number;
  /** Firing alerts of first_notification requests with a window and a computed_at found. */
  samples: number;
  withoutComputedAt: number;
  latencyMs: {
    closeToRequest: Distribution;
    closeToComputed: Distribution;
    computedToRequest: Distribution;
    computedToEvaluated: Distribution;
    evaluatedToRouted: Distribution;
    routedToRequest: Distribution;
  };
  /** p50 of close → request in each third of the run (by window close): a growing backlog shows as a rising trend. */
  closeToRequestP50ByThird: number[];
  goal: { p99CloseToRequestMs: number; met: boolean };
  simulatorExit: number | null;
  /** The machine: CPUs and the 1-minute load average when the traffic started and ended (the latency is wall-clock, so a busy machine shows in it). */
  cpus: number;
  loadAverage: [number, number];
}

export async function alertingLatency(o: {
  kafka: Kafka; broker: string; id: string; seconds: number; rate: number; windowMs: number; log: (m: string) => void;
}): Promise<LatencyResult> {
  const { kafka, log } = o;
  const WINDOW_MS = o.windowMs;
  const prefix = `bench${o.id}alert.`;
  const topics = topicNames(prefix);
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-alerting-'));
  const requests: { at: number; json: WebhookBody }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      try {
        requests.push({ at, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody });
      } catch {
        // not a notification
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  writeFileSync(join(dir, 'rules.yaml'), RULES);
  writeFileSync(
    join(dir, 'routing.yaml'),
    [
      'route:',
      '  receiver: bench',
      "  group_by: ['...']",
      '  group_wait: 0s',
      '  group_interval: 1s',
      '  repeat_interval: 4h',
      'receivers:',
      '  - name: bench',
      `    webhook_configs: [{ url: "${url}", secret_env: ${SECRET_ENV} }]`,
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MODELWATCH_DATA_DIR: join(dir, 'data'),
    MODELWATCH_KAFKA_BROKERS: o.broker,
    MODELWATCH_TOPIC_PREFIX: prefix,
    MODELWATCH_GROUP_PREFIX: `${prefix}-`,
    MODELWATCH_HTTP_PORT: '0',
    MODELWATCH_SQL_PORT: '0',
    MODELWATCH_ALERTS_API_PORT: '0',
    MODELWATCH_LOG_LEVEL: 'warn',
    MODELWATCH_METRICS_WINDOW_MS: String(WINDOW_MS),
    MODELWATCH_METRICS_ALLOWED_LATENESS_MS: String(LATENESS_MS),
    MODELWATCH_METRICS_FLUSH_INTERVAL_MS: String(FLUSH_MS),
    MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
    MODELWATCH_METRICS_REFERENCE_WINDOW_MS: '60000',
    MODELWATCH_ALERTS_RULES_FILE: join(dir, 'rules.yaml'),
    MODELWATCH_ALERTS_ROUTING_FILE: join(dir, 'routing.yaml'),
    [SECRET_ENV]: 'bench-secret',
  };

  // Metric events (computed_at per window and series) and alert changes, read as they come.
  const computed = new Map<string, number[]>();
  const changes: Record<string, number> = {};
  let metricEvents = 0;
  const consumer = kafka.consumer({ groupId: `${prefix}-bench-reader`, maxWaitTimeInMs: 100 });
  let modelwatch: ChildProcess | undefined;
  let simulator: ChildProcess | undefined;
  try {
    log(`alerting latency: starting modelwatch (ingest, metrics, alerts) on topics ${prefix}* ...`);
    modelwatch = spawn(process.execPath, [CLI, 'run', '--targets', 'ingest,metrics,alerts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const warnings = new Map<string, number>();
    modelwatch.stderr!.on('data', (d: Buffer) => {
      for (const line of d.toString('utf8').split('\n').filter(Boolean)) {
        const what = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 200);
        if (/switched default partitioner|Limiting retries/.test(line)) continue;
        warnings.set(what, (warnings.get(what) ?? 0) + 1);
        if (process.env['MODELWATCH_BENCH_LOG_LEVEL']) process.stderr.write(`${line}\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      modelwatch!.stdout!.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        if (out.includes('modelwatch running')) resolve();
      });
      modelwatch!.once('exit', (code) => reject(new Error(`modelwatch exited (${code}) before it was running: ${[...warnings.keys()].join('; ')}`)));
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.metrics, topics.alerts], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        const value = JSON.parse(message.value.toString('utf8')) as Record<string, unknown>;
        if (topic === topics.metrics) {
          metricEvents++;
          const key = seriesKey(String(value.model_id), String(value.model_version), String(value.segment_name), String(value.segment_value), Number(value.window_start));
          const list = computed.get(key) ?? [];
          list.push(Number(value.computed_at));
          computed.set(key, list);
        } else {
          const state = String(value.state);
          changes[state] = (changes[state] ?? 0) + 1;
        }
      },
    });

    log(`alerting latency: simulator at ${o.rate} events/s for ${o.seconds} s of real time, with error bursts ...`);
    const bursts: string[] = [];
    for (let s = 10; s + 8 <= o.seconds; s += 20) {
      bursts.push('--error-burst', `model=delivery-eta,rate=0.4,from=${s}s,to=${s + 8}s`);
      bursts.push('--error-burst', `model=fraud-detector,rate=0.3,from=${s + 5}s,to=${s + 12 <= o.seconds ? s + 12 : o.seconds}s`);
    }
    const started = Date.now();
    const loadAtStart = loadavg()[0]!;
    simulator = spawn(
      process.execPath,
      [CLI, 'simulate', '--models', '5', '--rate', String(o.rate), '--duration', `${o.seconds}s`, '--speed', '1', '--seed', '20261128', '--progress-interval', '30s', ...bursts],
      { env: { ...env, MODELWATCH_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let simOut = '';
    simulator.stdout!.on('data', (d: Buffer) => (simOut += d.toString('utf8')));
    simulator.stderr!.on('data', (d: Buffer) => (simOut += d.toString('utf8')));
    const simulatorExit = await new Promise<number | null>((resolve) => simulator!.once('exit', (code) => resolve(code)));
    const ranSeconds = (Date.now() - started) / 1000;
    const loadAtEnd = loadavg()[0]!;
    if (simulatorExit !== 0) log(`alerting latency: the simulator exited with ${simulatorExit}:\n${simOut.slice(-2000)}`);
    // The last windows close on the idle timeout; their notifications follow.
    await new Promise((r) => setTimeout(r, 5_000));

    const firstTold: Sample[] = [];
    let withoutComputedAt = 0;
    const byReason: Record<string, number> = {};
    let alertsDelivered = 0;
    for (const { at, json } of requests) {
      byReason[json.reason] = (byReason[json.reason] ?? 0) + 1;
      alertsDelivered += json.alerts.length;
      if (json.reason !== 'first_notification') continue;
      const routed = Date.parse(json.createdAt);
      for (const alert of json.alerts) {
        if (alert.status !== 'firing' || !alert.windowEnd || !alert.windowStart) continue;
        const close = Date.parse(alert.windowEnd) + LATENESS_MS;
        const evaluated = Date.parse(alert.startsAt);
        const [segmentName, segmentValue] = alert.labels.segment ? splitOnce(alert.labels.segment, '=') : ['', ''];
        const times = computed.get(seriesKey(alert.labels.model_id ?? '', alert.labels.model_version ?? '', segmentName, segmentValue, Date.parse(alert.windowStart))) ?? [];
        // The evaluation that fired it: the newest publication of the window not after startsAt.
        const before = times.filter((t) => t <= evaluated);
        const computedAt = before.length > 0 ? Math.max(...before) : times.length > 0 ? Math.min(...times) : undefined;
        if (computedAt === undefined) {
          withoutComputedAt++;
          continue;
        }
        firstTold.push({ close, computed: computedAt, evaluated, routed, request: at });
      }
    }
    const d = (f: (s: Sample) => number) => distribution(firstTold.map(f));
    const closeToRequest = d((s) => s.request - s.close);
    const byClose = [...firstTold].sort((a, b) => a.close - b.close);
    const thirds = [0, 1, 2].map((k) => distribution(byClose.slice(Math.floor((k * byClose.length) / 3), Math.floor(((k + 1) * byClose.length) / 3)).map((s) => s.request - s.close)).p50);
    const changeCount = Object.values(changes).reduce((a, b) => a + b, 0);
    if (warnings.size > 0) for (const [what, n] of warnings) log(`  modelwatch logged ${n}x: ${what}`);
    return {
      phase: 'alerting-latency',
      seconds: Math.round(ranSeconds * 10) / 10,
      rate: o.rate,
      windowMs: WINDOW_MS,
      allowedLatenessMs: LATENESS_MS,
      flushIntervalMs: FLUSH_MS,
      metricEvents,
      alertChanges: changes,
      requests: requests.length,
      requestsByReason: byReason,
      alertsDelivered,
      alertsDeliveredPerSecond: Math.round((alertsDelivered / ranSeconds) * 10) / 10,
      alertChangesPerSecond: Math.round((changeCount / ranSeconds) * 10) / 10,
      samples: firstTold.length,
      withoutComputedAt,
      latencyMs: {
        closeToRequest,
        closeToComputed: d((s) => s.computed - s.close),
        computedToRequest: d((s) => s.request - s.computed),
        computedToEvaluated: d((s) => s.evaluated - s.computed),
        evaluatedToRouted: d((s) => s.routed - s.evaluated),
        routedToRequest: d((s) => s.request - s.routed),
      },
      closeToRequestP50ByThird: thirds,
      goal: { p99CloseToRequestMs: 1000, met: closeToRequest.count > 0 && closeToRequest.p99 < 1000 },
      simulatorExit,
      cpus: availableParallelism(),
      loadAverage: [Math.round(loadAtStart * 100) / 100, Math.round(loadAtEnd * 100) / 100],
    };
  } finally {
    if (simulator && simulator.exitCode === null) await stopChild(simulator);
    await consumer.disconnect().catch(() => undefined);
    if (modelwatch && modelwatch.exitCode === null) await stopChild(modelwatch);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (process.env['MODELWATCH_BENCH_KEEP_DATA'] === '1') log(`kept the alerting phase's files in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

interface WebhookBody {
  reason: string;
  createdAt: string;
  alerts: { status: string; labels: Record<string, string>; startsAt: string; windowStart: string | null; windowEnd: string | null }[];
}

interface Sample {
  close: number;
  computed: number;
  evaluated: number;
  routed: number;
  request: number;
}

const seriesKey = (model: string, version: string, segmentName: string, segmentValue: string, windowStart: number): string =>
  `${model}\0${version}\0${segmentName}\0${segmentValue}\0${windowStart}`;

function splitOnce(text: string, on: string): [string, string] {
  const i = text.indexOf(on);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + on.length)];
}

/** Nearest-rank percentiles, in ms. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  const mean = sorted.length > 0 ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted.at(-1) ?? NaN, mean: Math.round(mean) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
