import { topicNames, validateGroundTruthEvent, validateInferenceEvent, type ModelwatchConfig } from '@modelwatch/core';
import { DeadLetterQueue, RecordDecoder, ensureModelwatchTopics } from '@modelwatch/kafka';
import type { Logger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import type { Kafka } from 'kafkajs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { BatchIngester, type PartitionBatch } from './batch-ingester.ts';
import { GROUND_TRUTH_TABLE, INFERENCE_TABLE } from './event-tables.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import { ReplayGuard } from './replay-guard.ts';
import { storedOffsets } from './stored-offsets.ts';

export interface IngestConsumerOptions {
  readonly kafka: Kafka;
  readonly config: ModelwatchConfig;
  readonly warehouse: Warehouse;
  readonly registry?: SchemaRegistry;
  readonly log: Logger;
  readonly metrics: IngestMetrics;
}

export interface IngestConsumer {
  isReady(): boolean;
  stop(): Promise<void>;
}

/**
 * Consumes the inference and ground-truth topics in the `<prefix>ingest` group and writes
 * each fetched partition batch as one insert. Offsets are committed only after the batch is
 * durable; auto-commit is off.
 */
export async function startIngestConsumer(options: IngestConsumerOptions): Promise<IngestConsumer> {
  const { kafka, config, warehouse, log, metrics } = options;
  const topics = topicNames(config.kafka.topicPrefix);
  const created = await ensureModelwatchTopics(kafka, config.kafka);
  if (created.length > 0) log.info('created topics', { topics: created });

  // Unbounded retries: a DLQ write that cannot land holds the batch (and its commit) back instead of dropping it.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 } });
  await producer.connect();
  const deadLetters = new DeadLetterQueue(producer, topics.dlq);
  const decoder = new RecordDecoder(options.registry);
  const common = { warehouse, decoder, deadLetters, maxEventBytes: config.ingest.maxEventBytes };
  // Each topic's table and the ingester that writes it.
  const routes = new Map<string, { table: string; ingester: Pick<BatchIngester<unknown>, 'ingest'> }>([
    [topics.inference, { table: INFERENCE_TABLE.table, ingester: new BatchIngester({ ...common, table: INFERENCE_TABLE, validate: validateInferenceEvent }) }],
    [topics.groundTruth, { table: GROUND_TRUTH_TABLE.table, ingester: new BatchIngester({ ...common, table: GROUND_TRUTH_TABLE, validate: validateGroundTruthEvent }) }],
  ]);

  // Records an earlier owner of a partition (or this process, before a failed write) stored
  // without committing: looked up when a partition is first seen after an assignment.
  const replay = new ReplayGuard((topic, partition, from) => storedOffsets(warehouse, routes.get(topic)!.table, topic, partition, from));
  let ready = false;

  const consumer = kafka.consumer({
    groupId: `${config.kafka.groupPrefix}ingest`,
    maxBytesPerPartition: config.ingest.maxBatchBytes,
    maxBytes: config.ingest.maxBatchBytes * Math.max(2, config.ingest.partitionsConcurrently),
    minBytes: 1024 * 1024,
    maxWaitTimeInMs: config.ingest.maxWaitMs,
    sessionTimeout: config.ingest.sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(config.ingest.sessionTimeoutMs / 3)),
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    replay.reset();
    ready = true;
    log.info('joined consumer group', { assignment: event.payload.memberAssignment });
  });
  consumer.on(consumer.events.CRASH, (event) => {
    ready = false;
    replay.reset();
    log.error('consumer crashed; kafkajs restarts it', { error: event.payload.error, restart: event.payload.restart });
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.inference, topics.groundTruth], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.ingest.partitionsConcurrently,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0 || !isRunning() || isStale()) return;
      const route = routes.get(batch.topic);
      if (!route) return;
      const work: PartitionBatch = { topic: batch.topic, partition: batch.partition, records: batch.messages };
      const last = batch.lastOffset();
      let outcome;
      try {
        const stored = await replay.storedIn(batch.topic, batch.partition, Number(batch.firstOffset() ?? last), Number(last));
        outcome = await route.ingester.ingest(work, stored);
        resolveOffset(last);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
      } catch (error) {
        // Part of the batch may be stored: look again before this partition's next batch.
        replay.forget(batch.topic, batch.partition);
        throw error;
      }
      replay.passed(batch.topic, batch.partition, Number(last));
      await heartbeat();

      metrics.consumed.inc({ topic: batch.topic }, batch.messages.length);
      metrics.stored.inc({ table: route.table }, outcome.stored);
      for (const r of outcome.rejected) metrics.rejected.inc({ topic: batch.topic, kind: r.kind });
      if (outcome.skipped > 0) {
        metrics.skipped.inc({ topic: batch.topic }, outcome.skipped);
        log.info('replayed records were already stored and were skipped', { topic: batch.topic, partition: batch.partition, skipped: outcome.skipped });
      }
      metrics.batches.inc({ topic: batch.topic });
      metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
      if (outcome.rejected.length > 0) {
        log.info('records sent to the DLQ', { topic: batch.topic, partition: batch.partition, count: outcome.rejected.length, first: outcome.rejected[0]?.reason });
      }
    },
  });

  return {
    isReady: () => ready,
    async stop() {
      ready = false;
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
