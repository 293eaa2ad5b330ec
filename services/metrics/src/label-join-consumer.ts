import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { topicNames, validateGroundTruthEvent, validateInferenceEvent, type GroundTruthRecord, type InferenceRecord, type ModelwatchConfig } from '@modelwatch/core';
import { RecordDecoder, ensureModelwatchTopics } from '@modelwatch/kafka';
import type { Counter, Gauge, Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { ClickHousePredictionLookup, JoinedOutcomeWriter, LabelJoiner, type JoinedOutcome } from './label-join/index.ts';

export interface LabelJoinMetrics {
  readonly joined: Counter;
  readonly skipped: Counter;
  readonly pending: Gauge;
}

export interface LabelJoinConsumerOptions {
  readonly kafka: Kafka;
  readonly config: ModelwatchConfig;
  readonly warehouse: Warehouse;
  readonly registry?: SchemaRegistry;
  readonly log: Logger;
  readonly metrics: LabelJoinMetrics;
  /** How often labels still waiting for their prediction are looked up again. */
  readonly retryIntervalMs?: number;
}

export interface LabelJoinConsumer {
  isReady(): boolean;
  stop(): Promise<void>;
}

/**
 * Reads predictions and ground truth from Kafka in the `<prefix>metrics` group (the topics are
 * keyed by prediction_id, so a label and its prediction share a partition number) and writes
 * each joined pair to `joined_outcomes`. Offsets are committed after the outcomes are written;
 * a replay joins the same pairs again and the table folds them (its key is the outcome's
 * identity). Records ingest refused are skipped here: the DLQ already has them.
 */
export async function startLabelJoinConsumer(options: LabelJoinConsumerOptions): Promise<LabelJoinConsumer> {
  const { kafka, config, warehouse, log, metrics } = options;
  const topics = topicNames(config.kafka.topicPrefix);
  await ensureModelwatchTopics(kafka, config.kafka);
  const decoder = new RecordDecoder(options.registry);
  const joiner = new LabelJoiner({ lookup: new ClickHousePredictionLookup(warehouse.client) });
  const writer = new JoinedOutcomeWriter(warehouse);
  // The joiner is not re-entrant: batches and the retry timer take turns.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work, work);
    turn = next.catch(() => undefined);
    return next;
  };
  const write = async (outcomes: readonly JoinedOutcome[]): Promise<void> => {
    await writer.write(outcomes);
    metrics.joined.inc({}, outcomes.length);
    metrics.pending.set({}, joiner.stats().pendingLabels);
  };

  const readAll = async <T>(messages: readonly KafkaMessage[], validate: (value: unknown) => { ok: true; value: T } | { ok: false }): Promise<T[]> => {
    const records: T[] = [];
    for (const message of messages) {
      if (!message.value || message.value.length > config.ingest.maxEventBytes) {
        metrics.skipped.inc({ reason: 'refused by ingest' });
        continue;
      }
      const pending = decoder.decode(message.value);
      const decoded = pending instanceof Promise ? await pending : pending;
      const valid = decoded.ok ? validate(decoded.value) : undefined;
      if (valid?.ok) records.push(valid.value);
      else metrics.skipped.inc({ reason: 'refused by ingest' });
    }
    return records;
  };

  let ready = false;
  const consumer = kafka.consumer({ groupId: `${config.kafka.groupPrefix}metrics`, sessionTimeout: config.ingest.sessionTimeoutMs, allowAutoTopicCreation: false });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    ready = true;
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
      await inTurn(async () => {
        if (batch.topic === topics.inference) {
          const predictions = await readAll<InferenceRecord>(batch.messages, validateInferenceEvent);
          await write(joiner.addPredictions(predictions));
        } else {
          const labels = await readAll<GroundTruthRecord>(batch.messages, validateGroundTruthEvent);
          await write(await joiner.addLabels(labels));
        }
      });
      const last = batch.lastOffset();
      resolveOffset(last);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
      await heartbeat();
    },
  });

  const retry = setInterval(() => {
    void inTurn(async () => write(await joiner.retryPending())).catch((error: unknown) => log.warn('looking up pending labels failed; tried again later', { error }));
  }, options.retryIntervalMs ?? 60_000);
  retry.unref();

  return {
    isReady: () => ready,
    async stop() {
      ready = false;
      clearInterval(retry);
      await consumer.disconnect();
      await turn;
    },
  };
}
