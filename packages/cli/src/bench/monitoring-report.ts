import { shapeName } from './bench-events.ts';
import { CPU_HEADER, CPU_LEGEND, cpuColumns } from './cpu-columns.ts';
import type { SweepPoint } from './monitoring-bench.ts';
import type { MonitorResult } from './phase-process.ts';
import { formatSpread } from './spread.ts';

const w = (s: string | number, n: number) => String(s).padStart(n);
const eventTime = (minutes: number) => (minutes < 2 ? `${Math.round(minutes * 60)} s` : `${minutes.toFixed(1)} min`);
const shapeColumns = (p: SweepPoint) => `${w(p.shape.models, 6)}  ${w(p.shape.features, 8)}  ${w(p.shape.segmentValues, 6)}`;

/** The monitoring sweep's tables: throughput and ratio, CPU per event, series-windows, then every phase. */
export function printMonitoring(points: readonly SweepPoint[], o: { referenceRows: number; repeats: number; warmup: number }): void {
  const first = points[0];
  if (!first) return;
  process.stdout.write(
    `\nmodelwatch monitoring benchmark: ingest-only (targets ingest) vs ingest+metrics (targets ingest,metrics), ${first.events} JSON events per data set, one every ${first.stepMs} ms of event time` +
      ` (${eventTime(first.eventMinutes)} of event time), 1-minute windows, a reference per model fitted on ${o.referenceRows} rows;` +
      ` ${o.repeats} alternating pairs on the same topic per row, median [min-max]; the clock starts after the group join and the warm-up (the first batch, at least ${Math.round(o.warmup * 100)}% of the events)\n\n`,
  );
  process.stdout.write('models  features  values   ingest-only events/s   ingest+metrics events/s   ratio                 peak RSS MiB ingest-only   ingest+metrics\n');
  for (const p of points) {
    const s = p.summary;
    process.stdout.write(
      `${shapeColumns(p)}   ${w(formatSpread(s.ingestEventsPerSecond), 20)}   ${w(formatSpread(s.metricsEventsPerSecond), 23)}   ${formatSpread(s.ratio, 3).padEnd(20)}  ${w(formatSpread(s.peakRssMiB.ingest), 24)}   ${w(formatSpread(s.peakRssMiB.metrics), 14)}\n`,
    );
  }

  process.stdout.write(`\nCPU per event, medians over the pairs (us = microseconds)\n\nmodels  features  values  phase             ${CPU_HEADER}   broker us/event\n`);
  for (const p of points) {
    for (const [phase, split, broker] of [
      ['ingest-only', p.summary.cpuUsPerEvent.ingest, p.summary.brokerCpuUsPerEvent.ingest],
      ['ingest+metrics', p.summary.cpuUsPerEvent.metrics, p.summary.brokerCpuUsPerEvent.metrics],
    ] as const) {
      process.stdout.write(`${shapeColumns(p)}  ${phase.padEnd(16)}  ${cpuColumns(split)}   ${w(broker === undefined ? '-' : broker.toFixed(1), 15)}\n`);
    }
    process.stdout.write(`${' '.repeat(24)}metrics' extra   ${w(formatSpread(p.summary.extraCpuUsPerEvent, 1), 12)} per event\n`);
  }
  process.stdout.write(CPU_LEGEND);
  process.stdout.write('  broker us/event: the Kafka broker process\'s CPU over the same interval (it serves every client on the machine, not only this phase)\n');

  process.stdout.write('\nseries-windows of the ingest+metrics phases\n\nmodels  features  values   evaluated   events each   open peak        CPU us per series-window   metrics\' extra per series-window\n');
  for (const p of points) {
    const s = p.summary;
    process.stdout.write(
      `${shapeColumns(p)}   ${w(s.seriesWindows, 9)}   ${w(s.eventsPerSeriesWindow, 11)}   ${formatSpread(s.openWindowsPeak).padEnd(15)}  ${w(formatSpread(s.cpuUsPerSeriesWindow), 25)}   ${w(formatSpread(s.extraCpuUsPerSeriesWindow), 32)}\n`,
    );
  }
  process.stdout.write(
    '  evaluated: series-windows (model, version, segment value, window start) with metric rows; events each: 2 x events / evaluated (every event is in its version\'s series and its region\'s);' +
      ' open peak: the most series-windows held open after a flush (modelwatch_metrics_open_windows, summed over partitions, the clock ticks\' own included;' +
      ' set after each flush closes what the watermark passed, so windows opened and closed between two flushes are not seen);' +
      ' CPU per series-window: the phase\'s CPU over the interval / evaluated; metrics\' extra: that CPU minus ingest-only\'s CPU per event x the phase\'s events, / evaluated\n',
  );

  process.stdout.write(`\nevery phase (events/s after the warm-up; tail = from the last event in to the last window evaluated, counted in seconds and CPU in proportion to the measured events; load average = 1-minute, at the start and the end of the interval)\n\nmodels  features  values  rep  phase            events/s   seconds   warm-up events   tail s   ${CPU_HEADER}   load start -> end   peak RSS MiB\n`);
  for (const p of points) {
    for (const run of p.runs) {
      const ordered: MonitorResult[] = run.first === 'ingest-only' ? [run.ingest, run.metrics] : [run.metrics, run.ingest];
      for (const r of ordered) {
        process.stdout.write(
          `${shapeColumns(p)}  ${w(run.repeat + 1, 3)}  ${r.phase.padEnd(15)}  ${w(r.eventsPerSecond, 8)}  ${w(r.seconds.toFixed(2), 8)}  ${w(r.warmup.events, 15)}   ${w(r.tail.seconds.toFixed(2), 6)}   ${cpuColumns(r.cpuUsPerEvent)}   ${w(`${r.load.start[0]} -> ${r.load.end[0]}`, 17)}   ${w(r.peakRssMiB, 12)}\n`,
        );
      }
    }
    const last = p.runs.at(-1)?.metrics;
    if (last) {
      const t = last.tables;
      process.stdout.write(
        `  ${shapeName(p.shape)}, last metrics phase: ${t['windows']} series-windows with states (${Math.round((t['windowStateBytes'] ?? 0) / 1024 / 1024)} MiB of state), ${t['evaluatedWindows']} evaluated,` +
          ` ${t['model_metrics']} model_metrics rows, ${t['driftRows']} drift rows, ${t['alerts']} alerts; ${t['inference_events']} inference_events rows\n`,
      );
      const busiest = Object.entries(last.cpuUsByThread ?? {}).slice(0, 6);
      if (busiest.length) process.stdout.write(`    busiest threads (kind:name, CPU s): ${busiest.map(([name, us]) => `${name} ${(us / 1e6).toFixed(2)}`).join(', ')}\n`);
      for (const [what, times] of Object.entries(last.warnings ?? {})) process.stdout.write(`    logged ${times}x: ${what}\n`);
    }
  }
}
