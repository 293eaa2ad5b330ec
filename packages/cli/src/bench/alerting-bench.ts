/**
 * The alerting benchmark of `npm run bench` (issue: "time from a window's close to the
 * notification request, p50 and p99, under load from the simulator, with group_wait 0 ... (goal:
 * p99 under one second), and alerts per second through routing"). Two phases:
 *
 *   alerting-routing  pure and in memory, in a child process (alerting-routing.ts): metric events
 *                     through RuleEngine + Dispatcher, alert changes and notifications per second,
 *                     against JSON.parse of the same texts in the same process (the ratio is what
 *                     to compare across machines)
 *   alerting-latency  the running system (alerting-latency.ts): window close → webhook request
 *                     under simulator load, split at computed_at, the evaluation and the routing
 *
 * Flags (run-benchmarks.ts passes them on):
 *   --alerting-models=N    models of the routing phase (default 1000)
 *   --alerting-windows=W   1-minute windows per model of the routing phase (default 60)
 *   --alerting-repeats=R   runs of the routing phase, fastest reported (default 1)
 *   --alerting-seconds=S   real seconds of simulator traffic in the latency phase (default 90)
 *   --alerting-rate=R      simulator events per second in the latency phase (default 300)
 *   --alerting-window-ms=W window length of the latency phase (default 5000)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { alertingLatency, type Distribution, type LatencyResult } from './alerting-latency.ts';

const ROUTING = fileURLToPath(new URL('./alerting-routing.ts', import.meta.url));

export interface RoutingResult {
  phase: 'alerting-routing';
  models: number;
  windows: number;
  rules: number;
  seconds: number;
  events: number;
  rows: number;
  changes: Record<string, number>;
  notifications: number;
  notificationsByReason: Record<string, number>;
  alertsInNotifications: number;
  eventsPerSecond: number;
  rowsPerSecond: number;
  alertChangesPerSecond: number;
  notificationsPerSecond: number;
  alertsNotifiedPerSecond: number;
  baseline: { what: string; seconds: number; eventsPerSecond: number };
  vsBaseline: number;
  peakRssMiB: number;
}

export interface AlertingRun {
  routing: RoutingResult;
  latency: LatencyResult;
}

export async function alertingBenchmark(o: { kafka: Kafka; broker: string; id: string; args: readonly string[]; nodeArgs: string[]; log: (m: string) => void }): Promise<AlertingRun> {
  const flag = (name: string, fallback: number): number => Number(o.args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const models = flag('alerting-models', 1000);
  const windows = flag('alerting-windows', 60);
  const repeats = flag('alerting-repeats', 1);
  o.log(`alerting routing: ${models} models x ${windows} windows of metric events through the default rules and the dispatcher ...`);
  const routing = await routingPhase(o.nodeArgs, [String(models), String(windows), String(repeats)]);
  const latency = await alertingLatency({ kafka: o.kafka, broker: o.broker, id: o.id, seconds: flag('alerting-seconds', 90), rate: flag('alerting-rate', 300), windowMs: flag('alerting-window-ms', 5000), log: o.log });
  process.stderr.write(`phase result: ${JSON.stringify(latency)}\n`);
  return { routing, latency };
}

function routingPhase(nodeArgs: string[], args: string[]): Promise<RoutingResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ROUTING, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase alerting-routing failed (exit ${code}): ${out}`));
      else {
        process.stderr.write(`phase result: ${line}\n`);
        resolve(JSON.parse(line) as RoutingResult);
      }
    });
  });
}

export function printAlerting(a: AlertingRun): void {
  const w = (s: string | number, n: number) => String(s).padStart(n);
  const r = a.routing;
  const changes = Object.values(r.changes).reduce((s, x) => s + x, 0);
  process.stdout.write(
    `\nmodelwatch alerting benchmark, routing (pure, one process): ${r.models} models x ${r.windows} 1-minute windows = ${r.events} metric events (${Math.round(r.rows / r.events)} rows each),` +
      ` the ${r.rules} default metric rules, group_by ['...'], group_wait 0, group_interval 30s on a virtual clock\n\n`,
  );
  process.stdout.write('phase                       events/s     rows/s   alert changes/s   notifications/s   vs JSON.parse   peak RSS MiB\n');
  process.stdout.write(`${'JSON.parse (baseline)'.padEnd(26)} ${w(r.baseline.eventsPerSecond, 9)}  ${w('', 9)}   ${w('', 15)}   ${w('', 15)}   ${w('1.00', 13)}\n`);
  process.stdout.write(
    `${'parse+evaluate+route'.padEnd(26)} ${w(r.eventsPerSecond, 9)}  ${w(r.rowsPerSecond, 9)}   ${w(r.alertChangesPerSecond, 15)}   ${w(r.notificationsPerSecond, 15)}   ${w(r.vsBaseline.toFixed(3), 13)}   ${w(r.peakRssMiB, 12)}\n`,
  );
  process.stdout.write(
    `  ${changes} alert changes (${Object.entries(r.changes).map(([k, v]) => `${v} ${k}`).join(', ')}), ${r.notifications} notifications` +
      ` (${Object.entries(r.notificationsByReason).map(([k, v]) => `${v} ${k}`).join(', ')}) in ${r.seconds} s\n`,
  );

  const l = a.latency;
  process.stdout.write(
    `\nmodelwatch alerting benchmark, latency (modelwatch run --targets ingest,metrics,alerts + simulator, ${l.rate} events/s for ${l.seconds} s):` +
      ` ${l.windowMs / 1000}-s windows, ${l.allowedLatenessMs} ms allowed lateness, ${l.flushIntervalMs} ms flush interval; group_by ['...'], group_wait 0s; webhook to a local server\n\n`,
  );
  process.stdout.write('ms                                  count     p50     p95     p99     max    mean\n');
  const row = (name: string, d: Distribution) =>
    process.stdout.write(`${name.padEnd(34)} ${w(d.count, 6)}  ${w(d.p50, 6)}  ${w(d.p95, 6)}  ${w(d.p99, 6)}  ${w(d.max, 6)}  ${w(d.mean, 6)}\n`);
  row('window close -> webhook request', l.latencyMs.closeToRequest);
  row('  close -> computed_at (metrics)', l.latencyMs.closeToComputed);
  row('  computed_at -> request (alerting)', l.latencyMs.computedToRequest);
  row('    computed_at -> evaluated', l.latencyMs.computedToEvaluated);
  row('    evaluated -> routed', l.latencyMs.evaluatedToRouted);
  row('    routed -> request', l.latencyMs.routedToRequest);
  process.stdout.write(
    `  close = windowEnd + allowed lateness; samples: firing alerts of first_notification requests (${l.samples}; ${l.withoutComputedAt} without a metric event found)\n` +
      `  ${l.metricEvents} metric events, alert changes ${Object.entries(l.alertChanges).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'} (${l.alertChangesPerSecond}/s);` +
      ` ${l.requests} webhook requests (${Object.entries(l.requestsByReason).map(([k, v]) => `${v} ${k}`).join(', ')}), ${l.alertsDelivered} alerts delivered (${l.alertsDeliveredPerSecond}/s)\n` +
      `  machine: ${l.cpus} CPUs, 1-minute load average ${l.loadAverage[0]} at the start of the traffic, ${l.loadAverage[1]} at its end\n` +
      `  p50 of close -> request by third of the run: ${l.closeToRequestP50ByThird.join(', ')} ms\n` +
      `  goal: p99 window close -> request under ${l.goal.p99CloseToRequestMs} ms: ${l.goal.met ? 'met' : 'NOT met'}\n`,
  );
}
