import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { checkShape, shapeName, type MonitoringShape } from './bench-events.ts';
import { produceDataSet, type DataSet, type ReferenceTemplates } from './monitoring-data.ts';
import { phase, type MonitorResult, type PhaseContext } from './phase-process.ts';
import { alternate, spreadOf, type Spread } from './spread.ts';
import { THREAD_KINDS, type CpuSplit } from './thread-cpu.ts';

/**
 * The monitoring benchmark: ingest alone (targets ingest) against ingest and the metrics engine
 * (targets ingest,metrics) for each point of a sweep over models x features x segment values
 * (the product of the three lists). Each point is one data set (monitoring-data.ts), read by
 * `repeats` pairs of phases in alternating order (ingest-only first, then ingest+metrics first,
 * ...), each in a fresh process and warehouse, so the ratio of each pair is taken on the same
 * data within minutes. Figures are the median and range over the pairs.
 */
export interface SweepOptions {
  readonly models: readonly number[];
  readonly features: readonly number[];
  readonly segmentValues: readonly number[];
  readonly events: number;
  readonly stepMs: number;
  readonly repeats: number;
}

export interface PairRun {
  readonly repeat: number;
  readonly first: 'ingest-only' | 'ingest+metrics';
  readonly ingest: MonitorResult;
  readonly metrics: MonitorResult;
}

export interface PointSummary {
  readonly ingestEventsPerSecond: Spread;
  readonly metricsEventsPerSecond: Spread;
  /** ingest+metrics events/s over ingest-only events/s, per pair. */
  readonly ratio: Spread;
  /** CPU microseconds per measured event, by kind of thread: medians over the pairs. */
  readonly cpuUsPerEvent: { readonly ingest: CpuSplit; readonly metrics: CpuSplit };
  /** What the metrics engine adds per event: ingest+metrics minus ingest-only, per pair. */
  readonly extraCpuUsPerEvent: Spread;
  /** The broker's CPU per event (all of its clients'), medians. */
  readonly brokerCpuUsPerEvent: { readonly ingest?: number; readonly metrics?: number };
  /** Series-windows with metric rows (evaluated), median over the metrics phases. */
  readonly seriesWindows: number;
  /** Events per series-window: each event is in two series (its model's version and its region). */
  readonly eventsPerSeriesWindow: number;
  /** The metrics phase's CPU over its series-windows. */
  readonly cpuUsPerSeriesWindow: Spread;
  /** The metrics engine's share of it: the phase's CPU minus ingest-only's CPU per event times the phase's events, over the series-windows. */
  readonly extraCpuUsPerSeriesWindow: Spread;
  /** The peak of open series-windows (window start x series, summed over partitions; the ticks' included). */
  readonly openWindowsPeak: Spread;
  readonly peakRssMiB: { readonly ingest: Spread; readonly metrics: Spread };
}

export interface SweepPoint {
  readonly shape: MonitoringShape;
  readonly events: number;
  readonly stepMs: number;
  readonly eventMinutes: number;
  readonly partitions: number;
  readonly runs: readonly PairRun[];
  readonly summary: PointSummary;
}

/** The points of the sweep, each once (a point's data set is one topic). */
export function sweepShapes(o: Pick<SweepOptions, 'models' | 'features' | 'segmentValues'>): MonitoringShape[] {
  const all = o.models.flatMap((models) => o.features.flatMap((features) => o.segmentValues.map((segmentValues) => checkShape({ models, features, segmentValues }))));
  return [...new Map(all.map((s) => [shapeName(s), s])).values()];
}

export async function monitoringSweep(o: SweepOptions & { kafka: Kafka; ctx: PhaseContext; id: string; templates: ReferenceTemplates; registryUrl: string }): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const shape of sweepShapes(o)) {
    const data = await produceDataSet(o.kafka, { prefix: `bench${o.id}mon${shapeName(shape)}.`, shape, events: o.events, stepMs: o.stepMs, log: o.ctx.log });
    const template = await o.templates.for(shape);
    const runs: PairRun[] = [];
    for (let repeat = 0; repeat < o.repeats; repeat++) {
      const order = alternate(repeat, 'ingest-only' as const, 'ingest+metrics' as const);
      o.ctx.log(`${shapeName(shape)}: repetition ${repeat + 1} of ${o.repeats} (${order.join(', then ')}) ...`);
      const got: Partial<Record<'ingest-only' | 'ingest+metrics', MonitorResult>> = {};
      for (const which of order) got[which] = await monitoredPhase(o.ctx, which, data, `${data.prefix}r${repeat}${which === 'ingest-only' ? 'i' : 'm'}-`, o.registryUrl, which === 'ingest+metrics' ? template : undefined);
      runs.push({ repeat, first: order[0], ingest: got['ingest-only']!, metrics: got['ingest+metrics']! });
    }
    points.push({ shape, events: data.events, stepMs: data.stepMs, eventMinutes: data.eventMinutes, partitions: data.partitions, runs, summary: summarize(runs, data.events) });
  }
  return points;
}

/** One ingest-only or ingest+metrics phase on a data set, in a fresh warehouse (a copy of the references for metrics). */
export function monitoredPhase(ctx: PhaseContext, which: 'ingest-only' | 'ingest+metrics', data: DataSet, groupPrefix: string, registry: string, template?: string): Promise<MonitorResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  if (template) cpSync(template, dataDir, { recursive: true, verbatimSymlinks: true });
  return phase<MonitorResult>(ctx, which, { events: data.events, prefix: data.prefix, groupPrefix, registry, dataDir, ticks: data.partitions });
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: readonly number[]): number => spreadOf(xs).median;

function medianSplit(results: readonly MonitorResult[]): CpuSplit {
  return Object.fromEntries(['total', ...THREAD_KINDS].map((k) => [k, round(median(results.map((r) => r.cpuUsPerEvent[k as keyof CpuSplit])))])) as CpuSplit;
}

function brokerPerEvent(results: readonly MonitorResult[]): number | undefined {
  const xs = results.filter((r) => r.brokerCpuUs !== undefined).map((r) => r.brokerCpuUs! / Math.max(1, r.measuredEvents));
  return xs.length ? round(median(xs)) : undefined;
}

function summarize(runs: readonly PairRun[], events: number): PointSummary {
  const ingest = runs.map((r) => r.ingest);
  const metrics = runs.map((r) => r.metrics);
  const seriesWindows = median(metrics.map((m) => m.tables['evaluatedWindows'] ?? 0));
  const extraPerEvent = runs.map((r) => r.metrics.cpuUsPerEvent.total - r.ingest.cpuUsPerEvent.total);
  const perSeriesWindow = (xs: readonly number[]) => spreadOf(xs.map((x) => round(x, 0)));
  const brokerIngest = brokerPerEvent(ingest);
  const brokerMetrics = brokerPerEvent(metrics);
  return {
    ingestEventsPerSecond: spreadOf(ingest.map((r) => r.eventsPerSecond)),
    metricsEventsPerSecond: spreadOf(metrics.map((r) => r.eventsPerSecond)),
    ratio: spreadOf(runs.map((r) => round(r.metrics.eventsPerSecond / r.ingest.eventsPerSecond, 3))),
    cpuUsPerEvent: { ingest: medianSplit(ingest), metrics: medianSplit(metrics) },
    extraCpuUsPerEvent: spreadOf(extraPerEvent.map((x) => round(x))),
    brokerCpuUsPerEvent: { ...(brokerIngest !== undefined ? { ingest: brokerIngest } : {}), ...(brokerMetrics !== undefined ? { metrics: brokerMetrics } : {}) },
    seriesWindows,
    eventsPerSeriesWindow: seriesWindows > 0 ? round((2 * events) / seriesWindows) : 0,
    cpuUsPerSeriesWindow: perSeriesWindow(metrics.map((m) => m.cpuUs.total / Math.max(1, m.tables['evaluatedWindows'] ?? 0))),
    // The metrics phase's CPU minus what ingest alone spent on as many events, in the same pair.
    extraCpuUsPerSeriesWindow: perSeriesWindow(runs.map((r) => (r.metrics.cpuUs.total - r.ingest.cpuUsPerEvent.total * r.metrics.measuredEvents) / Math.max(1, r.metrics.tables['evaluatedWindows'] ?? 0))),
    openWindowsPeak: spreadOf(metrics.map((m) => m.openWindowsPeak)),
    peakRssMiB: { ingest: spreadOf(ingest.map((r) => r.peakRssMiB)), metrics: spreadOf(metrics.map((r) => r.peakRssMiB)) },
  };
}
