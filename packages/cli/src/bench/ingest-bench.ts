import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadConfig, topicNames } from '@modelwatch/core';
import { ensureModelwatchTopics } from '@modelwatch/kafka';
import { benchEvent } from './bench-events.ts';
import { CPU_HEADER, CPU_LEGEND, cpuColumns } from './cpu-columns.ts';
import { phase, type PhaseContext, type PhaseResult } from './phase-process.ts';
import { alternate, formatSpread, spreadOf, type Spread } from './spread.ts';
import { THREAD_KINDS, type CpuSplit } from './thread-cpu.ts';

/**
 * The ingest benchmark: modelwatch ingest (Kafka topic into the warehouse) for JSON and Avro
 * events against the raw kafkajs consumer on the same topic (same fetch settings and
 * concurrency, no processing), in `repeats` pairs of alternating order. Shared machines are
 * noisy, so the figures that matter are the ratios to that baseline.
 */
export interface IngestRun {
  readonly encoding: 'json' | 'avro';
  /** Phase results in the order they ran, each with its repetition. */
  readonly results: readonly (PhaseResult & { repeat: number })[];
  readonly raw: Spread;
  readonly ingest?: Spread;
  /** ingest events/s over the raw consumer's, per pair. */
  readonly ratio?: Spread;
  readonly cpuUsPerEvent: { readonly raw: CpuSplit; readonly ingest?: CpuSplit };
}

const SCHEMA = fileURLToPath(new URL('../../../../schemas/inference-event.avsc', import.meta.url));

export async function ingestBenchmark(o: {
  kafka: Kafka; registry: SchemaRegistry; registryUrl: string; ctx: PhaseContext; id: string; events: number; repeats: number; skipEncodings: boolean;
}): Promise<IngestRun[]> {
  const runs: IngestRun[] = [];
  const base = Date.UTC(2026, 10, 28);
  for (const encoding of o.skipEncodings ? (['json'] as const) : (['json', 'avro'] as const)) {
    const prefix = `bench${o.id}${encoding}.`;
    const topic = topicNames(prefix).inference;
    await ensureModelwatchTopics(o.kafka, loadConfig({ env: { MODELWATCH_TOPIC_PREFIX: prefix } }).kafka);
    let schemaId = 0;
    if (encoding === 'avro') {
      schemaId = (await o.registry.register({ type: SchemaType.AVRO, schema: readFileSync(SCHEMA, 'utf8') }, { subject: `${topic}-value` })).id;
    }
    o.ctx.log(`producing ${o.events} ${encoding} events to ${topic} ...`);
    const producer = o.kafka.producer();
    await producer.connect();
    for (let start = 0; start < o.events; start += 5000) {
      const messages = [];
      for (let i = start; i < Math.min(o.events, start + 5000); i++) {
        const event = benchEvent(i, base);
        const value = encoding === 'json' ? Buffer.from(JSON.stringify(event)) : await o.registry.encode(schemaId, event);
        messages.push({ key: event.prediction_id, value });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    await producer.disconnect();

    const results: (PhaseResult & { repeat: number })[] = [];
    const rawName = encoding === 'json' ? 'raw-consumer' : 'raw-consumer-avro';
    for (let repeat = 0; repeat < o.repeats; repeat++) {
      for (const side of o.skipEncodings ? (['raw'] as const) : alternate(repeat, 'raw' as const, 'ingest' as const)) {
        const r =
          side === 'raw'
            ? { ...(await phase(o.ctx, 'raw-consumer', { events: o.events, topic })), phase: rawName }
            : { ...(await phase(o.ctx, 'ingest', { events: o.events, prefix, groupPrefix: `${prefix}r${repeat}-`, registry: o.registryUrl })), phase: `ingest-${encoding}` };
        results.push({ ...r, repeat });
      }
    }
    const raw = results.filter((r) => r.phase === rawName);
    const ingest = results.filter((r) => r.phase === `ingest-${encoding}`);
    runs.push({
      encoding,
      results,
      raw: spreadOf(raw.map((r) => r.eventsPerSecond)),
      ...(ingest.length
        ? {
            ingest: spreadOf(ingest.map((r) => r.eventsPerSecond)),
            ratio: spreadOf(ingest.map((r) => Math.round((r.eventsPerSecond / raw.find((x) => x.repeat === r.repeat)!.eventsPerSecond) * 1000) / 1000)),
          }
        : {}),
      cpuUsPerEvent: { raw: medianSplit(raw), ...(ingest.length ? { ingest: medianSplit(ingest) } : {}) },
    });
  }
  return runs;
}

function medianSplit(results: readonly PhaseResult[]): CpuSplit {
  return Object.fromEntries(['total', ...THREAD_KINDS].map((k) => [k, Math.round(spreadOf(results.map((r) => r.cpuUsPerEvent[k as keyof CpuSplit])).median * 10) / 10])) as CpuSplit;
}

export function printIngest(runs: readonly IngestRun[], o: { events: number; repeats: number; warmup: number }): void {
  const w = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(
    `\nmodelwatch ingest benchmark: ${o.events} inference events (20 features) per phase, 6 partitions, one process each; ${o.repeats} alternating pairs with the raw consumer on the same topic, median [min-max];` +
      ` the clock starts after the group join and the warm-up (the first batch, at least ${Math.round(o.warmup * 100)}% of the events)\n\n`,
  );
  process.stdout.write(`phase               events/s                   vs raw consumer        peak RSS MiB   ${CPU_HEADER}\n`);
  for (const run of runs) {
    const rows: [string, Spread, Spread | undefined, PhaseResult[], CpuSplit][] = [[run.results.find((r) => r.phase.startsWith('raw'))!.phase, run.raw, undefined, run.results.filter((r) => r.phase.startsWith('raw')), run.cpuUsPerEvent.raw]];
    if (run.ingest && run.cpuUsPerEvent.ingest) rows.push([`ingest-${run.encoding}`, run.ingest, run.ratio, run.results.filter((r) => r.phase.startsWith('ingest')), run.cpuUsPerEvent.ingest]);
    for (const [name, eps, ratio, results, cpu] of rows) {
      process.stdout.write(
        `${name.padEnd(18)}  ${formatSpread(eps).padEnd(25)}  ${(ratio ? formatSpread(ratio, 3) : '').padEnd(21)}  ${w(formatSpread(spreadOf(results.map((r) => r.peakRssMiB))), 12)}   ${cpuColumns(cpu)}\n`,
      );
    }
  }
  process.stdout.write(CPU_LEGEND);
  const short = runs.flatMap((r) => r.results).filter((r) => r.seconds < 0.2);
  if (short.length) process.stdout.write(`  note: ${short.length} phase(s) measured under 0.2 s (a fetch or two after the first batch): too few --events for a stable figure\n`);
}
