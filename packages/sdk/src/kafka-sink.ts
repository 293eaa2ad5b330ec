import { Partitioners, type Kafka, type Message, type Producer, type ProducerBatch, type RetryOptions } from 'kafkajs';
import { DeliveryError, isRetriableKafkaError } from './sdk-errors.ts';

export interface KafkaSinkOptions {
  readonly kafka: Kafka;
  readonly retry?: RetryOptions;
  /** Passed to sendBatch; kafkajs's own default is 30 s. */
  readonly timeoutMs?: number;
  readonly compression?: ProducerBatch['compression'];
}

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

/**
 * The kafkajs side: one idempotent producer (acks=all, which kafkajs requires of it), connected
 * on the first send, and one sendBatch per batch. Errors come back as DeliveryError.
 *
 * The partitioner is kafkajs's default, murmur2 as in the Java client, named explicitly: a
 * ground-truth event must land on the partition of its prediction, whichever client sent
 * either (Python's librdkafka needs `partitioner: murmur2_random` for the same).
 */
export class KafkaSink {
  private readonly producer: Producer;
  private readonly options: KafkaSinkOptions;
  private connecting: Promise<void> | null = null;
  private connected = false;

  constructor(options: KafkaSinkOptions) {
    this.options = options;
    this.producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.connect();
      const byTopic = new Map<string, Message[]>();
      for (const r of records) {
        let messages = byTopic.get(r.topic);
        if (!messages) byTopic.set(r.topic, (messages = []));
        messages.push({ key: r.key, value: r.value });
      }
      await this.producer.sendBatch({
        acks: -1,
        ...(this.options.timeoutMs !== undefined ? { timeout: this.options.timeoutMs } : {}),
        ...(this.options.compression !== undefined ? { compression: this.options.compression } : {}),
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DeliveryError(`Kafka did not acknowledge ${records.length} events: ${message}`, {
        retriable: isRetriableKafkaError(error),
        events: records.length,
        cause: error,
      });
    }
  }

  async disconnect(): Promise<void> {
    if (this.connecting) await this.connecting.catch(() => undefined);
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
    this.connecting = null;
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.producer.connect().then(
        () => {
          this.connected = true;
        },
        (error: unknown) => {
          this.connecting = null;
          throw error;
        },
      );
    }
    return this.connecting;
  }
}
