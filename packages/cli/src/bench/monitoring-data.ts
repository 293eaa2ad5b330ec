import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { loadConfig, topicNames } from '@modelwatch/core';
import { ensureModelwatchTopics } from '@modelwatch/kafka';
import { monitoringEvent, shapeName, tickEvent, type MonitoringShape } from './bench-events.ts';
import { setupStep } from './phase-process.ts';

/**
 * A data set of the monitoring benchmark: `events` JSON events of `shape`, one every `stepMs` of
 * event time from `baseTime`, then one clock tick per partition far past the last window, on the
 * inference topic of `prefix`. Every phase on it reads the same topic from the start, each in
 * consumer groups of its own.
 */
export interface DataSet {
  readonly prefix: string;
  readonly topic: string;
  readonly shape: MonitoringShape;
  readonly events: number;
  readonly stepMs: number;
  readonly baseTime: number;
  readonly partitions: number;
  /** Minutes of event time the events span. */
  readonly eventMinutes: number;
}

const HOUR = 3_600_000;
/** The tick's event time after the last event: past every window's end and allowed lateness. */
const TICK_AFTER_MS = 30 * 60_000;

export async function produceDataSet(kafka: Kafka, o: { prefix: string; shape: MonitoringShape; events: number; stepMs: number; log: (m: string) => void }): Promise<DataSet> {
  const spanMs = o.events * o.stepMs;
  // Event times end well before now (the watermark ignores times ahead of the clock), hour-aligned.
  const baseTime = Math.floor((Date.now() - spanMs - TICK_AFTER_MS - 15 * 60_000) / HOUR) * HOUR;
  const tickAt = baseTime + spanMs + TICK_AFTER_MS;
  await ensureModelwatchTopics(kafka, loadConfig({ env: { MODELWATCH_TOPIC_PREFIX: o.prefix } }).kafka);
  const topic = topicNames(o.prefix).inference;
  const partitions = await partitionCount(kafka, topic);
  o.log(`producing ${o.events} json events of ${shapeName(o.shape)} (models x features x segment values; ${(spanMs / 60_000).toFixed(1)} min of event time) + ${partitions} clock ticks to ${topic} ...`);
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let start = 0; start < o.events; start += 5000) {
      const messages: { key: string; value: Buffer }[] = [];
      for (let i = start; i < Math.min(o.events, start + 5000); i++) {
        const event = monitoringEvent(i, o.shape, baseTime, o.stepMs);
        messages.push({ key: event.prediction_id, value: Buffer.from(JSON.stringify(event)) });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    const ticks = Array.from({ length: partitions }, (_, partition) => ({ partition, key: `tick-${partition}`, value: Buffer.from(JSON.stringify(tickEvent(partition, tickAt))) }));
    await producer.send({ topic, messages: ticks, acks: -1 });
  } finally {
    await producer.disconnect();
  }
  return { prefix: o.prefix, topic, shape: o.shape, events: o.events, stepMs: o.stepMs, baseTime, partitions, eventMinutes: spanMs / 60_000 };
}

async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Warehouse directories holding one reference profile per model version of a shape (fitted on
 * `rows` rows of the same generator), fitted once per shape by a setup process and copied for
 * each metrics phase, so that the measured process starts with the references in place (as
 * after `modelwatch reference upload`) and neither the fitting's time nor its memory is measured.
 */
export class ReferenceTemplates {
  private readonly dirs = new Map<string, Promise<string>>();

  constructor(private readonly rows: number, private readonly log: (m: string) => void) {}

  for(shape: MonitoringShape): Promise<string> {
    const key = shapeName(shape);
    let dir = this.dirs.get(key);
    if (!dir) {
      dir = (async () => {
        const into = mkdtempSync(join(tmpdir(), 'modelwatch-bench-references-'));
        this.log(`fitting and storing ${shape.models} reference profiles (${this.rows} rows each, ${shape.features} features) ...`);
        // The rows' event times do not enter a profile; a week ago, all alike.
        await setupStep('references', { dataDir: into, rows: this.rows, shape, baseTime: Date.now() - 7 * 86_400_000, stepMs: 0 });
        return into;
      })();
      this.dirs.set(key, dir);
    }
    return dir;
  }

  async removeAll(): Promise<void> {
    for (const dir of this.dirs.values()) {
      const made = await dir.catch(() => undefined);
      if (made) rmSync(made, { recursive: true, force: true });
    }
  }
}
