import type { IHeaders, Producer } from 'kafkajs';
import type { RejectionKind } from './record-decoder.ts';

/** A record ingest refused, with where it came from and why. */
export interface Rejection {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly kind: RejectionKind;
  readonly reason: string;
  /** The model the record named, when it could be read that far. */
  readonly modelId?: string;
}

/** Header names on DLQ records. Their values are UTF-8 text. */
export const DLQ_HEADERS = {
  reason: 'modelwatch.reason',
  kind: 'modelwatch.error.kind',
  topic: 'modelwatch.source.topic',
  partition: 'modelwatch.source.partition',
  offset: 'modelwatch.source.offset',
  timestamp: 'modelwatch.source.timestamp',
  key: 'modelwatch.source.key',
} as const;

/**
 * Publishes refused records to the DLQ topic with their original bytes. The DLQ key is the
 * source coordinates (`topic/partition/offset`), so a record sent twice after a crash can be
 * recognised (and compacted away).
 */
export class DeadLetterQueue {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(rejections: readonly Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: rejections.map((r) => {
        const headers: IHeaders = {
          [DLQ_HEADERS.reason]: r.reason,
          [DLQ_HEADERS.kind]: r.kind,
          [DLQ_HEADERS.topic]: r.topic,
          [DLQ_HEADERS.partition]: String(r.partition),
          [DLQ_HEADERS.offset]: r.offset,
          [DLQ_HEADERS.timestamp]: r.timestamp,
        };
        if (r.key) headers[DLQ_HEADERS.key] = r.key;
        return { key: `${r.topic}/${r.partition}/${r.offset}`, value: r.value, headers };
      }),
    });
  }
}
