/**
 * The routing-throughput phase of the alerting benchmark, run as a child process of
 * `npm run bench` (one JSON line on stdout), pure and in memory: no Kafka, no warehouse, no I/O.
 *
 *   alerting-routing.ts <models> <windows> <repeats>
 *
 * Builds `models × windows` metric events (the JSON texts the metrics service publishes: drift
 * per feature for 20 features, missing_rate per feature, error_rate, latency, throughput,
 * prediction drift) in which each model goes through drift, error and latency episodes (a
 * deterministic Markov chain per model and kind), so alerts pend, fire and resolve all along. Then
 * times what the alerts consumer does per record minus the I/O: JSON.parse → parseMetricEvent →
 * RuleEngine.evaluate (the default rules) → Dispatcher.upsert of every change, with group_wait 0,
 * group_by ['...'] (each alert its own group) and group_interval 30 s on a virtual clock advanced
 * to each window's end, so flushes (and the notifications they make) run inside the timed loop.
 * The baseline, timed in the same process on the same texts: JSON.parse alone. Each is run
 * `repeats` times on fresh engines, alternating, and the fastest run of each is reported.
 */
import {
  DEFAULT_RULES,
  Dispatcher,
  FakeClock,
  NotificationLog,
  parseMetricEvent,
  parseRoutingConfig,
  RuleEngine,
  SilenceStore,
  type MetricEvent,
  type MetricEventRow,
  type Notification,
} from '@modelwatch/core';
import { peakRssMiB } from './peak-memory.ts';

const WINDOW_MS = 60_000;
const FEATURES = 20;

/** A 32-bit mix of (a, b, c): deterministic pseudo-randomness without state. */
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b9) ^ Math.imul(c, 0x85ebca6b), 0xcc9e2d51) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x1b873593) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
const unit = (a: number, b: number, c: number): number => mix(a, b, c) / 0x1_0000_0000;

/**
 * Whether model `m` is in an episode of `kind` at window `w`: starts with probability `start` per
 * window, ends with probability `end` (mean length 1/end windows).
 */
function episodes(m: number, kind: number, windows: number, start: number, end: number): boolean[] {
  const out: boolean[] = [];
  let on = false;
  for (let w = 0; w < windows; w++) {
    on = on ? unit(m, kind, w) >= end : unit(m, kind, w) < start;
    out.push(on);
  }
  return out;
}

/** The metric events, as JSON texts, window by window (all models of window 0, then window 1, ...). */
export function routingEvents(models: number, windows: number, base: number): string[][] {
  const byWindow: string[][] = Array.from({ length: windows }, () => []);
  for (let m = 0; m < models; m++) {
    const drift = episodes(m, 1, windows, 0.02, 0.25);
    const errors = episodes(m, 2, windows, 0.01, 0.3);
    const slow = episodes(m, 3, windows, 0.005, 0.2);
    for (let w = 0; w < windows; w++) {
      const n = 400 + (mix(m, 4, w) % 400);
      const rows: MetricEventRow[] = [];
      const row = (metric: string, feature: string, value: number, threshold: number | null, alert: boolean): void => {
        rows.push({ metric, feature, value: Math.round(value * 1e6) / 1e6, sample_size: n, threshold, status: alert ? 'alert' : 'ok' });
      };
      row('throughput', '', n, null, false);
      row('event_count', '', n, null, false);
      row('error_rate', '', errors[w] ? 0.08 + unit(m, 5, w) * 0.1 : unit(m, 5, w) * 0.01, null, false);
      const p99 = (slow[w] ? 400 : 80) + unit(m, 6, w) * 20;
      row('latency_mean_ms', '', p99 / 4, null, false);
      row('latency_p50_ms', '', p99 / 5, null, false);
      row('latency_p95_ms', '', p99 / 1.5, null, false);
      row('latency_p99_ms', '', p99, null, false);
      const predictionDrift = drift[w] === true && unit(m, 7, w) < 0.5;
      row('prediction_drift', '', predictionDrift ? 0.001 : 0.2 + unit(m, 8, w) * 0.8, 0.05, predictionDrift);
      for (let f = 0; f < FEATURES; f++) {
        // An episode drifts the model's first 3 features; elsewhere 1 window in 500 is a false positive.
        const drifted = (drift[w] && f < 3) || unit(m * FEATURES + f, 9, w) < 0.002;
        row('drift', `f${f}`, drifted ? unit(m, 10 + f, w) * 0.01 : 0.05 + unit(m, 10 + f, w) * 0.95, 0.05, drifted);
        row('missing_rate', `f${f}`, f % 5 === 0 ? unit(m, 40 + f, w) * 0.05 : 0, null, false);
      }
      const event: MetricEvent = {
        model_id: `model-${m}`,
        model_version: 'v1',
        segment_name: '',
        segment_value: '',
        window_start: base + w * WINDOW_MS,
        window_end: base + (w + 1) * WINDOW_MS,
        reference_id: `ref-${m}`,
        computed_at: base + (w + 1) * WINDOW_MS + 2_500,
        metrics: rows,
      };
      byWindow[w]!.push(JSON.stringify(event));
    }
  }
  return byWindow;
}

const ROUTING = {
  route: { receiver: 'bench', group_by: ['...'], group_wait: '0s', group_interval: '30s', repeat_interval: '4h' },
};

export interface RoutingRun {
  seconds: number;
  events: number;
  rows: number;
  changes: Record<string, number>;
  notifications: number;
  notificationsByReason: Record<string, number>;
  alertsInNotifications: number;
  groupsAtEnd: number;
}

function routeAll(byWindow: readonly string[][], base: number): RoutingRun {
  const clock = new FakeClock(base);
  const changes: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  let notifications = 0;
  let alertsInNotifications = 0;
  let rows = 0;
  let events = 0;
  const engine = new RuleEngine(DEFAULT_RULES);
  const dispatcher = new Dispatcher({
    routing: parseRoutingConfig(ROUTING, { receivers: ['bench'] }),
    clock,
    silences: new SilenceStore(),
    notificationLog: new NotificationLog(),
    onNotification: (n: Notification) => {
      notifications++;
      alertsInNotifications += n.alerts.length;
      byReason[n.reason] = (byReason[n.reason] ?? 0) + 1;
    },
  });
  const start = performance.now();
  for (let w = 0; w < byWindow.length; w++) {
    // The window closes and is evaluated 2.5 s after its end; flushes due before then run first.
    clock.advanceTo(base + (w + 1) * WINDOW_MS + 2_500);
    for (const text of byWindow[w]!) {
      const parsed = parseMetricEvent(JSON.parse(text));
      if (!parsed.ok) throw new Error(`bench metric event invalid: ${parsed.reason}`);
      events++;
      rows += parsed.value.metrics.length;
      for (const alert of engine.evaluate(parsed.value, clock.now())) {
        changes[alert.state] = (changes[alert.state] ?? 0) + 1;
        dispatcher.upsert(alert);
      }
    }
  }
  // Past the last group_interval: every resolved alert has been through a flush.
  clock.advanceTo(base + (byWindow.length + 1) * WINDOW_MS);
  const seconds = (performance.now() - start) / 1000;
  const groupsAtEnd = dispatcher.groups().length;
  dispatcher.stop();
  return { seconds, events, rows, changes, notifications, notificationsByReason: byReason, alertsInNotifications, groupsAtEnd };
}

function parseOnly(byWindow: readonly string[][]): number {
  const start = performance.now();
  let n = 0;
  for (const texts of byWindow) for (const text of texts) n += (JSON.parse(text) as { metrics: unknown[] }).metrics.length;
  if (n === 0) throw new Error('no rows');
  return (performance.now() - start) / 1000;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').at(-1)!)) {
  const [modelsArg, windowsArg, repeatsArg] = process.argv.slice(2);
  const models = Number(modelsArg ?? 1000);
  const windows = Number(windowsArg ?? 60);
  const repeats = Math.max(1, Number(repeatsArg ?? 1));
  const base = Math.floor((Date.now() - 24 * 3_600_000) / 3_600_000) * 3_600_000;
  const byWindow = routingEvents(models, windows, base);
  const bytes = byWindow.reduce((s, texts) => s + texts.reduce((t, x) => t + x.length, 0), 0);
  let best: RoutingRun | undefined;
  let baselineSeconds = Infinity;
  for (let r = 0; r < repeats; r++) {
    baselineSeconds = Math.min(baselineSeconds, parseOnly(byWindow));
    const run = routeAll(byWindow, base);
    if (!best || run.seconds < best.seconds) best = run;
  }
  const b = best!;
  const per = (n: number): number => Math.round(n / b.seconds);
  process.stdout.write(
    `${JSON.stringify({
      phase: 'alerting-routing',
      models,
      windows,
      repeats,
      rules: DEFAULT_RULES.filter((r) => r.kind === 'metric').length,
      eventBytes: bytes,
      ...b,
      seconds: Math.round(b.seconds * 1000) / 1000,
      eventsPerSecond: per(b.events),
      rowsPerSecond: per(b.rows),
      alertChangesPerSecond: per(Object.values(b.changes).reduce((s, x) => s + x, 0)),
      notificationsPerSecond: per(b.notifications),
      alertsNotifiedPerSecond: per(b.alertsInNotifications),
      baseline: { what: 'JSON.parse of the same texts', seconds: Math.round(baselineSeconds * 1000) / 1000, eventsPerSecond: Math.round(b.events / baselineSeconds) },
      vsBaseline: Math.round((b.events / b.seconds / (b.events / baselineSeconds)) * 1000) / 1000,
      peakRssMiB: Math.round(peakRssMiB()),
    })}\n`,
  );
  process.exit(0);
}
