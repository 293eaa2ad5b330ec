import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { topicNames, type GroundTruthEvent, type InferenceEvent } from '@modelwatch/core';
import { Kafka, logLevel } from 'kafkajs';
import { createAvroEncoder } from './avro-encoder.ts';
import { EventBatcher } from './event-batcher.ts';
import { checkGroundTruthEvent, checkInferenceEvent } from './event-check.ts';
import type { EventEncoder } from './event-encoder.ts';
import type { AcceptedEvent, EventKind } from './event-kind.ts';
import { createJsonEncoder } from './json-encoder.ts';
import { sdkLogCreator } from './kafka-log.ts';
import { KafkaSink, type OutgoingRecord } from './kafka-sink.ts';
import { checkOptions, DEFAULT_RETRY, DEFAULT_TOPIC_PREFIX, resolveBatching, type ModelwatchProducerOptions } from './producer-options.ts';
import type { QueuedEvent } from './queued-event.ts';
import { registryEndpoint } from './registry-endpoint.ts';
import { ProducerClosedError } from './sdk-errors.ts';

export interface ModelwatchProducer {
  /** The topics events go to. */
  readonly topics: { readonly inference: string; readonly groundTruth: string };
  /**
   * Validates and queues an inference event (keyed by prediction_id). Throws InvalidEventError
   * at once for a bad event. The promise resolves when Kafka acknowledged it; it may be ignored.
   */
  logPrediction(event: InferenceEvent): Promise<void>;
  /** The same for a ground-truth event. */
  logGroundTruth(event: GroundTruthEvent): Promise<void>;
  /** Sends what waits and resolves when everything handed in so far is acknowledged; rejects if anything failed since the last flush. */
  flush(): Promise<void>;
  /** Flushes, then disconnects. Later log calls throw ProducerClosedError. */
  close(): Promise<void>;
  /** Events queued or in flight. */
  readonly pending: number;
}

/** A producer of modelwatch events for TypeScript model servers. */
export function createModelwatchProducer(options: ModelwatchProducerOptions): ModelwatchProducer {
  checkOptions(options);
  const names = topicNames(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
  const topics: Record<EventKind, string> = { inference: names.inference, 'ground-truth': names.groundTruth };
  const validate = options.validate ?? true;
  const kafka =
    options.kafka ??
    new Kafka({ clientId: options.clientId ?? 'modelwatch-sdk', brokers: [...(options.brokers ?? [])], logLevel: logLevel.WARN, logCreator: sdkLogCreator });
  const sink = new KafkaSink({
    kafka,
    retry: options.retry ?? DEFAULT_RETRY,
    ...(options.compression !== undefined ? { compression: options.compression } : {}),
  });
  const encoder: EventEncoder =
    options.encoding === 'avro'
      ? createAvroEncoder({
          registry: registryClient(options.schemaRegistryUrl!, options.clientId ?? 'modelwatch-sdk'),
          registryUrl: options.schemaRegistryUrl!,
          topics,
          ...(options.schemasDir !== undefined ? { schemasDir: options.schemasDir } : {}),
        })
      : createJsonEncoder();

  const batcher = new EventBatcher<QueuedEvent>({
    ...resolveBatching(options),
    send: async (events) => {
      const encoded = await encoder.encode(events);
      const records: OutgoingRecord[] = [];
      encoded.forEach((value, i) => {
        const event = events[i]!;
        if (!(value instanceof Error)) records.push({ topic: event.topic, key: event.key, value });
      });
      await sink.send(records);
      return encoded.map((value) => (value instanceof Error ? value : null));
    },
    ...(options.onError ? { onError: (error: Error) => options.onError!(error) } : {}),
  });

  let closed = false;
  let closing: Promise<void> | null = null;

  const enqueue = (accepted: AcceptedEvent): Promise<void> => {
    return batcher.add({ kind: accepted.kind, topic: topics[accepted.kind], key: accepted.key, value: encoder.snapshot(accepted) });
  };

  return {
    topics: { inference: topics.inference, groundTruth: topics['ground-truth'] },
    logPrediction(event) {
      if (closed) throw new ProducerClosedError();
      return enqueue(checkInferenceEvent(event, validate));
    },
    logGroundTruth(event) {
      if (closed) throw new ProducerClosedError();
      return enqueue(checkGroundTruthEvent(event, validate));
    },
    flush: () => batcher.flush(),
    close() {
      closed = true;
      closing ??= (async () => {
        try {
          await batcher.flush();
        } finally {
          batcher.stopTimer();
          await sink.disconnect();
        }
      })();
      return closing;
    },
    get pending() {
      return batcher.pending;
    },
  };
}

function registryClient(url: string, clientId: string): SchemaRegistry {
  const endpoint = registryEndpoint(url);
  return new SchemaRegistry({ host: endpoint.url, clientId, ...(endpoint.auth ? { auth: endpoint.auth } : {}) });
}
