import type { Kafka } from 'kafkajs';
import { shapeName, type MonitoringShape } from './bench-events.ts';
import { produceDataSet, type ReferenceTemplates } from './monitoring-data.ts';
import { monitoredPhase } from './monitoring-bench.ts';
import type { MonitorResult, PhaseContext } from './phase-process.ts';

/**
 * The memory sweep (`--memory-sweep`): ingest+metrics (and ingest-only beside it) at N, 4N and
 * 16N events of one shape, at the same event rate, so N spans `windows` 1-minute windows of event
 * time and 16N spans 16 times as many. State bounded by the open windows, not by the events seen,
 * shows as RSS(16N) / RSS(4N) near 1 (4N and 16N both run far past the allowed lateness). One
 * phase per size and side: memory is less noisy than time, and 16N is the longest phase of all.
 * The data sets are read as a backlog (as fast as the engine goes), so the state held at once
 * is what arrives between two flushes: N must be much more than one flush's worth of events.
 */
export interface MemorySize {
  readonly events: number;
  readonly eventMinutes: number;
  readonly ingest: MonitorResult;
  readonly metrics: MonitorResult;
}

export interface MemoryRun {
  readonly shape: MonitoringShape;
  readonly stepMs: number;
  readonly windows: number;
  readonly sizes: readonly MemorySize[];
  /** Of the ingest+metrics phases: 16N over 4N, and 4N over N. */
  readonly ratios: Record<'peakRss16to4' | 'peakRss4to1' | 'rssAtEnd16to4' | 'heapUsedPeak16to4' | 'externalPeak16to4' | 'openWindowsPeak16to4', number>;
}

const FACTORS = [1, 4, 16] as const;

export async function memorySweep(o: { kafka: Kafka; ctx: PhaseContext; id: string; templates: ReferenceTemplates; registryUrl: string; shape: MonitoringShape; events: number; windows: number }): Promise<MemoryRun> {
  const stepMs = (o.windows * 60_000) / o.events;
  const template = await o.templates.for(o.shape);
  const sizes: MemorySize[] = [];
  for (const factor of FACTORS) {
    const events = factor * o.events;
    const data = await produceDataSet(o.kafka, { prefix: `bench${o.id}mem${shapeName(o.shape)}n${factor}.`, shape: o.shape, events, stepMs, log: o.ctx.log });
    o.ctx.log(`memory sweep: ${events} events (${factor}N) over ${data.eventMinutes.toFixed(0)} min of event time ...`);
    const ingest = await monitoredPhase(o.ctx, 'ingest-only', data, `${data.prefix}i-`, o.registryUrl);
    const metrics = await monitoredPhase(o.ctx, 'ingest+metrics', data, `${data.prefix}m-`, o.registryUrl, template);
    sizes.push({ events, eventMinutes: data.eventMinutes, ingest, metrics });
  }
  const [n, n4, n16] = sizes.map((s) => s.metrics) as [MonitorResult, MonitorResult, MonitorResult];
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  return {
    shape: o.shape,
    stepMs,
    windows: o.windows,
    sizes,
    ratios: {
      peakRss16to4: ratio(n16.peakRssMiB, n4.peakRssMiB),
      peakRss4to1: ratio(n4.peakRssMiB, n.peakRssMiB),
      rssAtEnd16to4: ratio(n16.memory.rssMiB, n4.memory.rssMiB),
      heapUsedPeak16to4: ratio(n16.memory.heapUsedPeakMiB, n4.memory.heapUsedPeakMiB),
      externalPeak16to4: ratio(n16.memory.externalPeakMiB, n4.memory.externalPeakMiB),
      openWindowsPeak16to4: ratio(n16.openWindowsPeak, n4.openWindowsPeak),
    },
  };
}

export function printMemorySweep(m: MemoryRun): void {
  const w = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(
    `\nmodelwatch memory sweep: ${shapeName(m.shape)} (models x features x segment values), N, 4N and 16N events at one event every ${m.stepMs.toFixed(2)} ms of event time` +
      ` (N spans ${m.windows} 1-minute windows); MiB of the ingest+metrics process, ingest-only's peak RSS beside it\n\n`,
  );
  process.stdout.write('events    event min   windows   peak RSS   RSS at end   heap used peak   external peak   array buffers peak   open series-windows peak   ingest-only peak RSS\n');
  for (const s of m.sizes) {
    const r = s.metrics;
    process.stdout.write(
      `${w(s.events, 7)}   ${w(s.eventMinutes.toFixed(0), 9)}   ${w(r.tables['windowStarts'] ?? 0, 7)}   ${w(r.peakRssMiB, 8)}   ${w(r.memory.rssMiB, 10)}   ${w(r.memory.heapUsedPeakMiB, 14)}   ${w(r.memory.externalPeakMiB, 13)}   ${w(r.memory.arrayBuffersPeakMiB, 18)}   ${w(r.openWindowsPeak, 24)}   ${w(s.ingest.peakRssMiB, 20)}\n`,
    );
  }
  const q = m.ratios;
  process.stdout.write(
    `\n  RSS(16N)/RSS(4N) = ${q.peakRss16to4} (peak), ${q.rssAtEnd16to4} (at end); RSS(4N)/RSS(N) = ${q.peakRss4to1}; heap used peak x${q.heapUsedPeak16to4}, external peak x${q.externalPeak16to4},` +
      ` open series-windows peak x${q.openWindowsPeak16to4} (16N over 4N; bounded state keeps them near 1)\n`,
  );
}
