import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import {
  partitionId, seriesOf, topicNames, validateGroundTruthEvent, validateInferenceEvent, Watermark, windowStart,
  type MergeableAggregate, type ModelWindowState, type ModelwatchConfig, type WindowInput,
} from '@modelwatch/core';
import { ensureModelwatchTopics, EventReader, RecordDecoder } from '@modelwatch/kafka';
import type { Counter, Gauge, Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { ConceptDriftMonitor } from './evaluation/concept-drift-monitor.ts';
import { findUnevaluatedWindows } from './evaluation/dirty-window-recovery.ts';
import { DirtyWindows } from './evaluation/dirty-windows.ts';
import type { MetricWriter, WindowMetrics } from './evaluation/metric-writer.ts';
import type { MetricPublisher } from './evaluation/metric-publisher.ts';
import type { WindowEvaluator } from './evaluation/window-evaluator.ts';
import { ClickHousePredictionLookup, JoinedOutcomeWriter, LabelJoiner, type JoinedOutcome } from './label-join/index.ts';
import { PendingLabelOffsets } from './label-join/pending-label-offsets.ts';
import type { ReferenceCache } from './references/reference-cache.ts';
import type { CheckpointStore, StoredCheckpoint } from './windows/checkpoint-store.ts';
import { PartitionWindows, type PartitionCheckpoint } from './windows/partition-windows.ts';
import type { PartitionDeltas, WindowStateStore } from './windows/window-state-store.ts';

export interface MonitoringMetrics {
  readonly joined: Counter;
  readonly skipped: Counter;
  readonly pending: Gauge;
  readonly windowEvents: Counter;
  readonly windowsWritten: Counter;
  readonly metricRows: Counter;
  readonly watermarkLag: Gauge;
  readonly openWindows: Gauge;
}

export interface MonitoringConsumerParts {
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly config: ModelwatchConfig;
  readonly warehouse: Warehouse;
  readonly registry?: SchemaRegistry;
  readonly log: Logger;
  readonly metrics: MonitoringMetrics;
  readonly aggregate: MergeableAggregate<WindowInput, ModelWindowState>;
  readonly states: WindowStateStore;
  readonly checkpoints: CheckpointStore;
  readonly references: ReferenceCache;
  readonly evaluator: WindowEvaluator;
  readonly writer: MetricWriter;
  readonly publisher: MetricPublisher;
  /** How often labels still waiting for their prediction are looked up again. */
  readonly retryIntervalMs?: number;
}

export interface MonitoringConsumer {
  isReady(): boolean;
  /** Writes closed windows, checkpoints and evaluates complete windows now (tests, shutdown). */
  flush(): Promise<void>;
  /** The event time up to which windows are complete on every inference partition, as of the last flush (null before one). */
  completeUpTo(): number | null;
  stop(): Promise<void>;
}

/**
 * The `metrics` consumer group: reads predictions and ground truth, joins them, keeps the open
 * event-time windows of each inference partition, and on every flush writes the windows that
 * closed (and late corrections) to `window_states`, checkpoints, commits, and evaluates the
 * windows that are complete into `model_metrics` and the metrics topic.
 *
 * Offsets: a ground-truth partition is committed after its outcomes are written (re-joins fold in
 * `joined_outcomes`); an inference partition is committed at its checkpoint's `replayFrom`, the
 * first offset whose window is still open, so a restart rebuilds the open windows by replay.
 */
export async function startMonitoringConsumer(parts: MonitoringConsumerParts): Promise<MonitoringConsumer> {
  const { kafka, config, warehouse, log, metrics } = parts;
  const topics = topicNames(config.kafka.topicPrefix);
  const groupId = `${config.kafka.groupPrefix}metrics`;
  const processId = randomUUID().slice(0, 8);
  const settings = config.metrics;
  await ensureModelwatchTopics(kafka, config.kafka);
  const inferencePartitions = await partitionsOf(kafka, topics.inference);

  // Ingest's own reading of the records, so the metrics count exactly the records it refused.
  const decoder = new RecordDecoder(parts.registry);
  const reading = { decoder, maxEventBytes: config.ingest.maxEventBytes };
  const inferenceReader = new EventReader({ ...reading, validate: validateInferenceEvent });
  const groundTruthReader = new EventReader({ ...reading, validate: validateGroundTruthEvent });
  const joiner = new LabelJoiner({ lookup: new ClickHousePredictionLookup(warehouse.client) });
  const outcomeWriter = new JoinedOutcomeWriter(warehouse);
  const watermark = new Watermark({ idleTimeoutMs: settings.idleTimeoutMs, maxFutureSkewMs: settings.maxFutureSkewMs });
  const windows = new Map<number, PartitionWindows>();
  const dirty = new DirtyWindows(settings.windowMs, settings.allowedLatenessMs);
  const conceptDrift = new ConceptDriftMonitor(settings.windowMs);
  const pendingOffsets = new PendingLabelOffsets();
  // Inference partitions with records not read yet: not idle, however long the consumer is busy elsewhere.
  const lagging = new Set<number>();
  let flushes = 0;

  // Batches, flushes and the retry timer take turns: the joiner and the windows are not re-entrant.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work, work);
    turn = next.catch(() => undefined);
    return next;
  };

  const markOutcomes = (outcomes: readonly JoinedOutcome[]): void => {
    for (const o of outcomes) {
      const start = windowStart(o.predictionTimestampMs, settings.windowMs);
      for (const series of seriesOf(o)) dirty.mark({ ...series, windowStartMs: start });
    }
  };
  const writeOutcomes = async (outcomes: readonly JoinedOutcome[]): Promise<void> => {
    if (outcomes.length === 0) return;
    await outcomeWriter.write(outcomes);
    metrics.joined.inc({}, outcomes.length);
    metrics.pending.set({}, joiner.stats().pendingLabels);
    markOutcomes(outcomes);
    const detections = conceptDrift.observe(outcomes);
    if (detections.length > 0) {
      const rows: WindowMetrics[] = detections.map((d) => ({
        key: d.key,
        windowEndMs: d.key.windowStartMs + settings.windowMs,
        referenceId: null,
        values: [{ metric: 'concept_drift', feature: d.detector, value: 1, sampleSize: d.observed, threshold: null, status: 'alert' }],
      }));
      const now = Date.now();
      await parts.writer.write(rows, now);
      await parts.publisher.publish(rows, now);
      log.info('concept drift detected', { detections: detections.map((d) => ({ model: d.key.modelId, version: d.key.modelVersion, detector: d.detector, window: new Date(d.key.windowStartMs).toISOString() })) });
    }
  };

  /** The windows of a partition, rebuilt from its checkpoint the first time this process sees it. */
  const windowsOf = async (partition: number): Promise<PartitionWindows> => {
    const known = windows.get(partition);
    if (known) return known;
    const source = { topic: topics.inference, partition };
    const checkpoint: PartitionCheckpoint | null = await parts.checkpoints.read(source);
    // Deltas written after the checkpoint were never confirmed by one: the replay writes them again.
    await parts.states.deleteAfter(source, checkpoint?.epoch ?? 0);
    const created = new PartitionWindows({ aggregate: parts.aggregate, sizeMs: settings.windowMs, allowedLatenessMs: settings.allowedLatenessMs }, checkpoint);
    windows.set(partition, created);
    if (checkpoint) log.info('metrics partition restored from its checkpoint', { partition, epoch: checkpoint.epoch, replayFrom: checkpoint.replayFrom, nextOffset: checkpoint.nextOffset });
    return created;
  };

  /** The valid events of a batch, and the refused ones that name a model version (for its DLQ rate). */
  const decodeAll = async <T>(messages: readonly KafkaMessage[], reader: EventReader<T>) => {
    const valid: { offset: number; record: T }[] = [];
    const rejected: { offset: number; modelId: string; modelVersion: string; timestampMs: number }[] = [];
    for (const message of messages) {
      const offset = Number(message.offset);
      const pending = reader.read(message.value);
      const read = pending instanceof Promise ? await pending : pending;
      if (read.ok) {
        valid.push({ offset, record: read.value });
        continue;
      }
      metrics.skipped.inc({ reason: 'refused by ingest' });
      const { modelId, modelVersion } = read.identity;
      if (modelId !== undefined && modelVersion !== undefined) rejected.push({ offset, modelId, modelVersion, timestampMs: Number(message.timestamp) });
    }
    return { valid, rejected };
  };

  /** Processes a batch of predictions; false when the batch was dropped to replay from the checkpoint. */
  const onInference = async (partition: number, messages: readonly KafkaMessage[]): Promise<boolean> => {
    const pw = await windowsOf(partition);
    const first = messages[0];
    const gap = first ? pw.admit(Number(first.offset)) : null;
    if (gap !== null) {
      log.info('metrics partition rewinds to the next offset its windows need', { partition, from: Number(first?.offset), to: gap.seekTo });
      consumer?.seek({ topic: topics.inference, partition, offset: String(gap.seekTo) });
      return false;
    }
    const { valid, rejected } = await decodeAll(messages, inferenceReader);
    await parts.references.refresh(valid.map((v) => v.record));
    await writeOutcomes(joiner.addPredictions(valid.map((v) => v.record)));
    const now = Date.now();
    const id = partitionId(topics.inference, partition);
    // In offset order: the windows take each offset once, and skip the ones before the next expected.
    const inputs: { offset: number; input: WindowInput }[] = [
      ...valid.map(({ offset, record }) => ({ offset, input: { kind: 'inference', event: record, reference: parts.references.get(record.modelId, record.modelVersion) } as const })),
      ...rejected.map((r) => ({ offset: r.offset, input: { kind: 'rejected', modelId: r.modelId, modelVersion: r.modelVersion, timestampMs: r.timestampMs } as const })),
    ].sort((a, b) => a.offset - b.offset);
    for (const { offset, input } of inputs) {
      if (input.kind === 'inference') watermark.observe(id, input.event.timestampMs, now);
      const result = pw.add(offset, [input]);
      if (input.kind === 'inference' && result !== 'written') metrics.windowEvents.inc({ result });
    }
    const last = messages[messages.length - 1];
    if (last) pw.passed(Number(last.offset));
    return true;
  };

  const onGroundTruth = async (partition: number, messages: readonly KafkaMessage[]): Promise<void> => {
    const { valid } = await decodeAll(messages, groundTruthReader);
    await writeOutcomes(await joiner.addLabels(valid.map((v) => v.record)));
    for (const { offset, record } of valid) if (joiner.isPending(record)) pendingOffsets.track(partition, offset, record);
  };

  let consumer: Consumer | undefined;
  let recovered = false;
  let assignedInference = new Set<number>();
  const flush = async (): Promise<void> => {
    try {
      await writeWindows();
    } catch (error) {
      // The closed windows this flush took from memory may not be stored: rebuild every partition
      // from its checkpoint (deleting unconfirmed deltas) and replay, rather than checkpoint past them.
      windows.clear();
      for (const partition of assignedInference) await windowsOf(partition).catch(() => undefined);
      throw error;
    }
  };
  const writeWindows = async (): Promise<void> => {
    if (!recovered) {
      for (const key of await findUnevaluatedWindows(warehouse, settings.windowMs, RECOVERY_HORIZON_MS)) dirty.mark(key);
      recovered = true;
    }
    const now = Date.now();
    for (const partition of lagging) watermark.touch(partitionId(topics.inference, partition), now);
    const current = watermark.current(now);
    const deltas: PartitionDeltas[] = [];
    const checkpoints: StoredCheckpoint[] = [];
    let open = 0;
    for (const [partition, pw] of windows) {
      // Without a watermark yet (right after a restart) the late corrections still go out with
      // this flush: the checkpoint below counts their offsets as processed.
      const output = Number.isFinite(current) ? pw.advance(current) : pw.drain();
      open += pw.store.openWindowCount;
      if (!pw.changed) continue;
      const checkpoint = pw.nextCheckpoint();
      deltas.push({ topic: topics.inference, partition, epoch: checkpoint.epoch, ...output });
      if (pw.replayComplete) checkpoints.push({ topic: topics.inference, partition, checkpoint });
    }
    metrics.openWindows.set({}, open);
    if (Number.isFinite(current)) metrics.watermarkLag.set({}, Math.max(0, now - current));
    flushes += 1;
    const written = await parts.states.write(deltas, now, `metrics/${processId}/${flushes}`);
    metrics.windowsWritten.inc({}, written);
    await parts.checkpoints.write(checkpoints, now);
    const commits = checkpoints.filter((c) => c.checkpoint.replayFrom >= 0).map((c) => ({ topic: c.topic, partition: c.partition, offset: String(c.checkpoint.replayFrom) }));
    if (commits.length > 0 && consumer) await consumer.commitOffsets(commits);

    // Marked only once written, so an evaluation that takes a window reads its newest delta.
    for (const d of deltas) for (const r of [...d.closed, ...d.corrections]) dirty.mark(r.key);
    completeUpTo = await parts.checkpoints.completeUpTo(topics.inference, inferencePartitions);
  };

  // Evaluation runs beside the batches, a few windows at a time, so a backlog of windows never
  // holds up the consumer (whose heartbeats keep it in its group).
  let completeUpTo: number | null = null;
  let stopping = false;
  const evaluating = (async () => {
    while (!stopping) {
      const ready = completeUpTo === null ? [] : dirty.takeComplete(completeUpTo, EVALUATION_BATCH);
      if (ready.length === 0) {
        await sleep(200);
        continue;
      }
      try {
        metrics.metricRows.inc({}, await parts.evaluator.evaluate(ready));
      } catch (error) {
        for (const key of ready) dirty.mark(key);
        log.warn('evaluating windows failed; tried again shortly', { error, windows: ready.length });
        await sleep(1000);
      }
    }
  })();

  let ready = false;
  consumer = kafka.consumer({ groupId, sessionTimeout: config.ingest.sessionTimeoutMs, allowAutoTopicCreation: false });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    ready = true;
    const assigned = new Set(event.payload.memberAssignment[topics.inference] ?? []);
    assignedInference = assigned;
    const assignedLabels = new Set(event.payload.memberAssignment[topics.groundTruth] ?? []);
    void inTurn(async () => {
      // Every partition is rebuilt from its checkpoint: one that moved away is replayed by its new
      // owner, and one that stayed is read again from the committed offset by kafkajs.
      windows.clear();
      for (const partition of [...lagging]) if (!assigned.has(partition)) lagging.delete(partition);
      pendingOffsets.retain(assignedLabels);
      watermark.revoke([...watermark.partitionStates()].map((p) => p.partition).filter((p) => !assigned.has(Number(p.split(':').pop()))));
      watermark.assign([...assigned].map((p) => partitionId(topics.inference, p)), Date.now());
      // Every owned partition checkpoints its watermark, records or not, so it never holds back
      // the evaluation of complete windows with a stale one.
      for (const partition of assigned) await windowsOf(partition);
    }).catch((error: unknown) => log.error('restoring metrics partitions failed', { error }));
  });
  consumer.on(consumer.events.CRASH, (event) => {
    ready = false;
    log.error('metrics consumer crashed; kafkajs restarts it', { error: event.payload.error });
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.inference, topics.groundTruth], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0 || !isRunning() || isStale()) return;
      const processed = await whileHeartbeating(heartbeat, inTurn(async () => {
        if (!isRunning() || isStale()) return false;
        if (batch.topic === topics.inference) {
          if (Number(batch.lastOffset()) + 1 < Number(batch.highWatermark)) lagging.add(batch.partition);
          else lagging.delete(batch.partition);
          return onInference(batch.partition, batch.messages);
        }
        await onGroundTruth(batch.partition, batch.messages);
        return true;
      }));
      if (!processed) return;
      const last = batch.lastOffset();
      resolveOffset(last);
      if (batch.topic === topics.groundTruth) {
        const offset = pendingOffsets.commitOffset(batch.partition, Number(last) + 1, (label) => joiner.isPending(label));
        await consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(offset) }]);
      }
      await heartbeat();
    },
  });

  const flushTimer = setInterval(() => {
    if (stopping) return;
    void inTurn(flush).catch((error: unknown) => log.warn('metrics flush failed; tried again at the next one', { error }));
  }, settings.flushIntervalMs);
  flushTimer.unref();
  const retry = setInterval(() => {
    void inTurn(async () => writeOutcomes(await joiner.retryPending())).catch((error: unknown) => log.warn('looking up pending labels failed; tried again later', { error }));
  }, parts.retryIntervalMs ?? 60_000);
  retry.unref();

  return {
    isReady: () => ready,
    flush: () => inTurn(flush),
    completeUpTo: () => completeUpTo,
    async stop() {
      stopping = true;
      ready = false;
      clearInterval(flushTimer);
      clearInterval(retry);
      await consumer?.disconnect();
      await turn;
      await evaluating;
    },
  };
}

/** Windows evaluated per step: small enough that batches and flushes interleave with evaluation. */
const EVALUATION_BATCH = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Waits for `work`, sending consumer heartbeats meanwhile: a batch may wait behind a long flush. */
async function whileHeartbeating<T>(heartbeat: () => Promise<void>, work: Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 3000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** How far back a restart looks for windows a crash left unevaluated. */
const RECOVERY_HORIZON_MS = 2 * 24 * 60 * 60 * 1000;

async function partitionsOf(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return (metadata.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
  } finally {
    await admin.disconnect();
  }
}
