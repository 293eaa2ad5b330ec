import { randomBytes } from 'node:crypto';
import { DeadLetterQueue, EventReader, type EventReaderOptions, type Rejection } from '@modelwatch/kafka';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { EventTable } from './event-tables.ts';

/** The part of a Kafka record ingest reads (kafkajs' KafkaMessage fits it). */
export interface SourceRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
}

export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly SourceRecord[];
}

export interface BatchOutcome {
  readonly stored: number;
  readonly rejected: readonly Rejection[];
  /** Records already in the warehouse from an earlier attempt (a replay after a crash). */
  readonly skipped: number;
}

/** The reader's decoder, validator and size limit decide what is refused. */
export interface BatchIngesterOptions<T> extends EventReaderOptions<T> {
  readonly warehouse: Warehouse;
  readonly deadLetters: DeadLetterQueue;
  readonly table: EventTable<T>;
}

const REJECTION_COLUMNS = ['source_topic', 'source_partition', 'source_offset', 'model_id', 'error_kind', 'reason', 'record_bytes', 'rejected_at'];

/**
 * Turns one batch of one partition into stored rows, and refused records into DLQ records,
 * so that the batch can be written any number of times with the same result:
 *
 * 1. offsets already stored (by an attempt that died before its commit) are skipped, as the
 *    caller's ReplayGuard says;
 * 2. refused records go to the DLQ first, then to `ingest_rejections`;
 * 3. valid records are inserted in one statement with a deduplication token naming the
 *    partition, the offset range and the row count, so a retried insert is stored once.
 *
 * The caller commits the offset after `ingest` resolves. See sql/README.md, "Exactly once".
 */
export class BatchIngester<T> {
  /**
   * Part of every deduplication token: new for each ingester, so for each process. A retry
   * within the process (an insert that timed out but may have landed) reuses its token and is
   * stored once; a process that replaces a killed one never reuses the dead one's tokens. That
   * matters because ClickHouse can keep a token whose part a SIGKILL lost (its deduplication
   * log is written before the part is committed): reusing it would drop the replayed rows.
   * Duplicates across processes are the replay guard's job.
   */
  private readonly incarnation = randomBytes(4).toString('hex');

  private readonly reader: EventReader<T>;

  constructor(private readonly options: BatchIngesterOptions<T>) {
    this.reader = new EventReader(options);
  }

  /** `alreadyStored`: offsets of this batch an earlier attempt stored (see ReplayGuard). */
  async ingest(batch: PartitionBatch, alreadyStored?: ReadonlySet<number>): Promise<BatchOutcome> {
    const { records, topic, partition } = batch;
    if (records.length === 0) return { stored: 0, rejected: [], skipped: 0 };
    const { table, warehouse } = this.options;

    const rows = table.newBlock(records.length);
    const rejected: Rejection[] = [];
    const now = Date.now();
    let stored = 0;
    let skipped = 0;
    let storedFirst = -1;
    let storedLast = -1;
    for (const record of records) {
      const offset = Number(record.offset);
      if (alreadyStored?.has(offset)) {
        skipped++;
        continue;
      }
      const pending = this.reader.read(record.value);
      const read = pending instanceof Promise ? await pending : pending;
      if (!read.ok) {
        const { kind, reason, identity } = read;
        rejected.push({ topic, partition, offset: record.offset, key: record.key, value: record.value, timestamp: record.timestamp, kind, reason, ...(identity.modelId ? { modelId: identity.modelId } : {}) });
        continue;
      }
      rows.append(read.value, { topic, partition, offset }, now);
      if (storedFirst < 0) storedFirst = offset;
      storedLast = offset;
      stored++;
    }

    // The DLQ goes first: if the process dies after it, the replay sends the record again
    // (at least once); if the rejections row went first, a death in between would lose it.
    await this.options.deadLetters.publish(rejected);
    if (stored > 0) {
      await warehouse.insertBinary({
        table: table.table,
        columns: table.columns,
        format: 'Native',
        data: rows.bytes(),
        deduplicationToken: `${topic}/${partition}/${storedFirst}-${storedLast}/${stored}/${this.incarnation}`,
      });
    }
    if (rejected.length > 0) await this.recordRejections(rejected, now);
    return { stored, rejected, skipped };
  }

  private async recordRejections(rejected: readonly Rejection[], now: number): Promise<void> {
    const out = new RowBinaryWriter(64 * 1024);
    for (const r of rejected) {
      out.string(r.topic);
      out.uint32(r.partition);
      out.uint64(Number(r.offset));
      out.string(r.modelId ?? '');
      out.string(r.kind);
      out.string(r.reason.slice(0, 2000));
      out.uint32(r.value?.length ?? 0);
      out.int64(now);
    }
    const firstR = rejected[0]!;
    const lastR = rejected[rejected.length - 1]!;
    await this.options.warehouse.insertBinary({
      table: 'ingest_rejections',
      columns: REJECTION_COLUMNS,
      format: 'RowBinary',
      data: out.bytes(),
      deduplicationToken: `${firstR.topic}/${firstR.partition}/${firstR.offset}-${lastR.offset}/${rejected.length}/${this.incarnation}`,
    });
  }
}
