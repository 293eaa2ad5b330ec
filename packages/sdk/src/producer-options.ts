import type { Kafka, ProducerBatch, RetryOptions } from 'kafkajs';
import { registryEndpoint } from './registry-endpoint.ts';

export type EventEncoding = 'json' | 'avro';

/** Options of createModelwatchProducer. Give `brokers` or a ready `kafka` client. */
export interface ModelwatchProducerOptions {
  /** Bootstrap brokers, e.g. ['127.0.0.1:9092']; a kafkajs client is made with them. */
  readonly brokers?: readonly string[];
  /** A kafkajs client of your own (TLS, SASL, logging); used instead of `brokers`. */
  readonly kafka?: Kafka;
  /** kafkajs clientId when the SDK makes the client. Default 'modelwatch-sdk'. */
  readonly clientId?: string;
  /** Topic prefix: events go to `<prefix>inference` and `<prefix>ground-truth`. Default 'modelwatch.'. */
  readonly topicPrefix?: string;
  /** Default 'json'. 'avro' needs `schemaRegistryUrl`. */
  readonly encoding?: EventEncoding;
  /** Confluent-compatible registry base URL, e.g. Apicurio's http://host:8081/apis/ccompat/v7. */
  readonly schemaRegistryUrl?: string;
  readonly batch?: {
    /** Send as soon as this many events wait. Default 500. */
    readonly maxEvents?: number;
    /** ...or when the oldest waiting event is this old. Default 20 ms. */
    readonly lingerMs?: number;
  };
  /** Refuse new events (BufferFullError, retriable) while this many wait or are in flight. Default 100 000. */
  readonly maxBufferedEvents?: number;
  /** Check every event with modelwatch's validators before queueing it. Default true. */
  readonly validate?: boolean;
  /**
   * kafkajs retry for each batch. Default { retries: 10, initialRetryTime: 300, maxRetryTime: 10 000 }:
   * a batch fails with a retriable DeliveryError after about a minute of a broker being away,
   * instead of kafkajs's endless retries for idempotent producers (which also logs a warning
   * that bounded retries weaken exactly-once: events sent again after a failure may arrive twice;
   * modelwatch recognises them downstream by event_id).
   */
  readonly retry?: RetryOptions;
  readonly compression?: ProducerBatch['compression'];
  /** Called for every batch (or single event) that failed, awaited or not. */
  readonly onError?: (error: Error) => void;
  /** Where the Avro schema files are. Default: the repository's schemas/. */
  readonly schemasDir?: string;
}

export interface ResolvedBatching {
  readonly maxEvents: number;
  readonly lingerMs: number;
  readonly maxBufferedEvents: number;
}

export const DEFAULT_TOPIC_PREFIX = 'modelwatch.';
export const DEFAULT_RETRY: RetryOptions = { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 };

export function resolveBatching(options: ModelwatchProducerOptions): ResolvedBatching {
  const maxEvents = options.batch?.maxEvents ?? 500;
  return {
    maxEvents,
    lingerMs: options.batch?.lingerMs ?? 20,
    maxBufferedEvents: options.maxBufferedEvents ?? Math.max(100_000, maxEvents),
  };
}

/** Throws a TypeError naming the option when the options cannot work together. */
export function checkOptions(options: ModelwatchProducerOptions): void {
  if (!options.kafka && (!options.brokers || options.brokers.length === 0)) {
    throw new TypeError('createModelwatchProducer needs `brokers` (e.g. ["127.0.0.1:9092"]) or a kafkajs `kafka` client');
  }
  const encoding = options.encoding ?? 'json';
  if (encoding !== 'json' && encoding !== 'avro') throw new TypeError(`encoding must be 'json' or 'avro', not ${JSON.stringify(encoding)}`);
  if (encoding === 'avro' && !options.schemaRegistryUrl) {
    throw new TypeError("encoding 'avro' needs `schemaRegistryUrl` (for Apicurio: http://host:8081/apis/ccompat/v7)");
  }
  if (options.schemaRegistryUrl !== undefined) registryEndpoint(options.schemaRegistryUrl);
  if (options.topicPrefix !== undefined && !/^[a-zA-Z0-9._-]*$/.test(options.topicPrefix)) {
    throw new TypeError(`topicPrefix may hold only letters, digits, '.', '_' and '-': ${JSON.stringify(options.topicPrefix)}`);
  }
}
