import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { validateInferenceEvent } from '@modelwatch/core';
import { DeadLetterQueue, RecordDecoder } from '@modelwatch/kafka';
import { BatchIngester, INFERENCE_TABLE, ReplayGuard, storedOffsets, type SourceRecord } from '@modelwatch/ingest';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { testStack } from '../support/stack.ts';

/**
 * The replay path, made deterministic: a batch written and then written again (as after a
 * process died between its insert and its offset commit) must leave each record stored once.
 */
describe('a batch written twice is stored once', () => {
  let warehouse: Warehouse;
  let producer: Producer;
  let ingester: BatchIngester<unknown>;
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-replay-'));
  const topic = `replay-${randomBytes(4).toString('hex')}.inference`;

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'modelwatch', dataDir });
    await migrate(warehouse);
    const kafka = new Kafka({ clientId: 'replay-test', brokers: testStack().brokers, logLevel: 1 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${topic}.dlq`, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    ingester = newIngester();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** An ingester as a newly started process has one. */
  const newIngester = () =>
    new BatchIngester({
      warehouse,
      decoder: new RecordDecoder(),
      deadLetters: new DeadLetterQueue(producer, `${topic}.dlq`),
      table: INFERENCE_TABLE,
      validate: validateInferenceEvent,
      maxEventBytes: 65536,
    }) as BatchIngester<unknown>;

  const record = (offset: number, valid = true): SourceRecord => ({
    offset: String(offset),
    key: null,
    timestamp: '0',
    value: Buffer.from(
      valid
        ? JSON.stringify({ model_id: 'm', model_version: '1', prediction_id: `p${offset}`, timestamp: Date.UTC(2026, 0, 1 + (offset % 60)), features: { x: offset }, prediction: 1 })
        : '{"broken',
    ),
  });
  const rows = async (partition: number) => {
    const result = await warehouse.client.query({
      query: `SELECT count() AS c, uniqExact(source_offset) AS u FROM inference_events WHERE source_topic = {t:String} AND source_partition = {p:UInt32}`,
      query_params: { t: topic, p: partition },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ c: string; u: string }>();
    return { rows: Number(row!.c), offsets: Number(row!.u) };
  };

  /** What a process that has just been assigned the partition knows: nothing yet. */
  const freshGuard = () => new ReplayGuard((t, p, from) => storedOffsets(warehouse, INFERENCE_TABLE.table, t, p, from));
  const ingestAsNewOwner = async (guard: ReplayGuard, batch: { topic: string; partition: number; records: SourceRecord[] }) => {
    const first = Number(batch.records[0]!.offset);
    const last = Number(batch.records.at(-1)!.offset);
    const outcome = await ingester.ingest(batch, await guard.storedIn(batch.topic, batch.partition, first, last));
    guard.passed(batch.topic, batch.partition, last);
    return outcome;
  };
  const records = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => record(from + i, (from + i) % 10 !== 7));

  it('skips what the first attempt stored, including a batch spanning partitions of the table', async () => {
    // Offsets 0..99 span two months of event time, so the insert makes more than one part.
    const batch = { topic, partition: 0, records: records(0, 99) };
    const first = await ingestAsNewOwner(freshGuard(), batch);
    expect(first).toMatchObject({ stored: 90, skipped: 0 });
    expect(first.rejected).toHaveLength(10);

    // The process died before committing: the next owner gets the same batch.
    const replay = await ingestAsNewOwner(freshGuard(), batch);
    expect(replay).toMatchObject({ stored: 0, skipped: 100, rejected: [] });
    expect(await rows(0)).toEqual({ rows: 90, offsets: 90 });

    // A longer batch after the crash: the old part is skipped, only the new records are stored.
    const resumed = await ingestAsNewOwner(freshGuard(), { ...batch, records: records(0, 149) });
    expect(resumed).toMatchObject({ stored: 45, skipped: 100 });
    expect(await rows(0)).toEqual({ rows: 135, offsets: 135 });
  });

  it('skips stored records in later batches when the new owner fetches less than the old one wrote', async () => {
    // The earlier owner stored offsets 0..199 as one batch and died before committing.
    await ingestAsNewOwner(freshGuard(), { topic, partition: 2, records: records(0, 199) });
    const guard = freshGuard();
    const small = await ingestAsNewOwner(guard, { topic, partition: 2, records: records(0, 99) });
    const next = await ingestAsNewOwner(guard, { topic, partition: 2, records: records(100, 250) });
    expect(small).toMatchObject({ stored: 0, skipped: 100 });
    expect(next).toMatchObject({ stored: 46, skipped: 100 });
    expect(await rows(2)).toEqual({ rows: 226, offsets: 226 });
  });

  it('stores the replay of a replacement process even when ClickHouse kept the dead process\'s token', async () => {
    const batch = { topic, partition: 3, records: Array.from({ length: 20 }, (_, i) => record(2000 + i)) };
    await ingester.ingest(batch);
    // As if the part had been lost with a killed process while its token stayed recorded.
    await warehouse.client.command({ query: `ALTER TABLE inference_events DELETE WHERE source_topic = '${topic}' AND source_partition = 3 SETTINGS mutations_sync = 2` });
    expect(await rows(3)).toEqual({ rows: 0, offsets: 0 });
    await ingester.ingest(batch);
    expect(await rows(3)).toEqual({ rows: 0, offsets: 0 }); // the same process's token: dropped as a retry
    const replacement = newIngester();
    await replacement.ingest(batch);
    expect(await rows(3)).toEqual({ rows: 20, offsets: 20 });
  });

  it('drops an insert retried with the same rows (deduplication token)', async () => {
    const batch = { topic, partition: 1, records: Array.from({ length: 20 }, (_, i) => record(1000 + i)) };
    await ingester.ingest(batch);
    // Without the stored-offset check, only ClickHouse's insert deduplication protects the table.
    await ingester.ingest(batch);
    expect(await rows(1)).toEqual({ rows: 20, offsets: 20 });
  });
});
