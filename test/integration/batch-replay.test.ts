import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { validateInferenceEvent } from '@modelwatch/core';
import { DeadLetterQueue, RecordDecoder } from '@modelwatch/kafka';
import { BatchIngester, INFERENCE_TABLE, type SourceRecord } from '@modelwatch/ingest';
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
    ingester = new BatchIngester({
      warehouse,
      decoder: new RecordDecoder(),
      deadLetters: new DeadLetterQueue(producer, `${topic}.dlq`),
      table: INFERENCE_TABLE,
      validate: validateInferenceEvent,
      maxEventBytes: 65536,
    }) as BatchIngester<unknown>;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

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
  const rows = async () => {
    const result = await warehouse.client.query({ query: `SELECT count() AS c, uniqExact(source_offset) AS u FROM inference_events WHERE source_topic = {t:String}`, query_params: { t: topic }, format: 'JSONEachRow' });
    const [row] = await result.json<{ c: string; u: string }>();
    return { rows: Number(row!.c), offsets: Number(row!.u) };
  };

  it('skips what the first attempt stored, including a batch spanning partitions of the table', async () => {
    // Offsets 0..99 span two months of event time, so the insert makes more than one part.
    const batch = { topic, partition: 0, records: Array.from({ length: 100 }, (_, i) => record(i, i % 10 !== 7)) };
    const first = await ingester.ingest(batch, { checkStored: true });
    expect(first).toMatchObject({ stored: 90, skipped: 0 });
    expect(first.rejected).toHaveLength(10);

    const replay = await ingester.ingest(batch, { checkStored: true });
    expect(replay).toMatchObject({ stored: 0, skipped: 100, rejected: [] });
    expect(await rows()).toEqual({ rows: 90, offsets: 90 });

    // A longer batch after the crash: the old part is skipped, only the new records are stored.
    const longer = { ...batch, records: Array.from({ length: 150 }, (_, i) => record(i, i % 10 !== 7)) };
    const resumed = await ingester.ingest(longer, { checkStored: true });
    expect(resumed).toMatchObject({ stored: 45, skipped: 100 });
    expect(await rows()).toEqual({ rows: 135, offsets: 135 });
  });

  it('drops an insert retried with the same rows (deduplication token)', async () => {
    const batch = { topic, partition: 1, records: Array.from({ length: 20 }, (_, i) => record(1000 + i)) };
    await ingester.ingest(batch, { checkStored: false });
    // Without the stored-offset check, only ClickHouse's insert deduplication protects the table.
    await ingester.ingest(batch, { checkStored: false });
    const result = await warehouse.client.query({ query: `SELECT count() AS c FROM inference_events WHERE source_topic = {t:String} AND source_partition = 1`, query_params: { t: topic }, format: 'JSONEachRow' });
    expect(Number((await result.json<{ c: string }>())[0]!.c)).toBe(20);
  });
});
