import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { DLQ_HEADERS } from '@modelwatch/kafka';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { readRecords } from '../support/read-records.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const BASE_TIME = Date.UTC(2026, 10, 28, 10, 0, 0);

function inference(i: number, model = 'fraud') {
  return {
    model_id: model,
    model_version: 'v1',
    prediction_id: `${model}-p${i}`,
    timestamp: BASE_TIME + i * 1000,
    features: { amount: i * 1.5, country: i % 2 ? 'DE' : 'FR', is_new: i % 3 === 0, age: i % 5 === 0 ? null : 30 + (i % 7) },
    prediction: i % 4 === 0 ? 'fraud' : 'ok',
    scores: { fraud: (i % 10) / 10, ok: 1 - (i % 10) / 10 },
    latency_ms: 5 + (i % 20),
    status: i % 50 === 0 ? 'error' : 'ok',
    segments: { channel: i % 2 ? 'web' : 'app' },
    attributions: { amount: 0.5, country: -0.1 },
  };
}

describe('ingest against real Kafka and chDB', () => {
  let mw: ModelwatchUnderTest;
  let kafka: Kafka;
  let producer: Producer;
  let registry: SchemaRegistry;

  beforeAll(async () => {
    mw = await startModelwatchForTest({ MODELWATCH_INGEST_MAX_EVENT_BYTES: '4096' });
    kafka = new Kafka({ clientId: 'ingest-test', brokers: testStack().brokers, logLevel: 1 });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    registry = new SchemaRegistry({ host: testStack().schemaRegistryUrl });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
  });

  const count = async (table: string, where = '1'): Promise<number> =>
    Number((await mw.rows<{ c: string }>(`SELECT count() AS c FROM ${table} WHERE ${where}`))[0]?.c ?? 0);

  it('stores JSON inference and ground-truth events once, with every field', async () => {
    const events = Array.from({ length: 400 }, (_, i) => inference(i));
    await producer.send({ topic: mw.topics.inference, messages: events.map((e) => ({ key: e.prediction_id, value: JSON.stringify(e) })) });
    const labels = events.slice(0, 250).map((e, i) => ({ model_id: 'fraud', prediction_id: e.prediction_id, label: i % 3 ? 'ok' : 'fraud', timestamp: new Date(BASE_TIME + 3600_000 + i).toISOString() }));
    await producer.send({ topic: mw.topics.groundTruth, messages: labels.map((l) => ({ key: l.prediction_id, value: JSON.stringify(l) })) });

    await waitFor(async () => ((await count('inference_events')) === 400 ? true : undefined), '400 inference rows');
    await waitFor(async () => ((await count('ground_truth_events')) === 250 ? true : undefined), '250 ground-truth rows');

    const [row] = await mw.rows<Record<string, unknown>>(
      `SELECT model_id, model_version, prediction_id, toUnixTimestamp64Milli(timestamp) AS ts, numeric_features, categorical_features,
              missing_features, prediction_value, prediction_label, scores, latency_ms, status, segments, attributions, length(event_id) AS id_len
       FROM inference_events WHERE prediction_id = {id:String}`,
      { id: 'fraud-p15' },
    );
    expect(row).toEqual({
      model_id: 'fraud',
      model_version: 'v1',
      prediction_id: 'fraud-p15',
      ts: BASE_TIME + 15_000,
      numeric_features: { amount: 22.5 },
      categorical_features: { country: 'DE', is_new: 'true' },
      missing_features: ['age'],
      prediction_value: null,
      prediction_label: 'ok',
      scores: { fraud: 0.5, ok: 0.5 },
      latency_ms: 20,
      status: 'ok',
      segments: { channel: 'web' },
      attributions: { amount: 0.5, country: -0.1 },
      id_len: 36,
    });
    const [label] = await mw.rows<{ label_class: string; ts: string }>(
      `SELECT label_class, toUnixTimestamp64Milli(timestamp) AS ts FROM ground_truth_events WHERE prediction_id = 'fraud-p3'`,
    );
    expect(label).toEqual({ label_class: 'fraud', ts: BASE_TIME + 3600_000 + 3 });
    expect(await count('inference_events', `status = 'error'`)).toBe(8);
    expect(Number((await mw.rows<{ u: string }>('SELECT uniqExact(event_id) AS u FROM inference_events'))[0]?.u)).toBe(400);
  });

  it('stores Avro events decoded through the schema registry', async () => {
    const schema = readFileSync(new URL('../../schemas/inference-event.avsc', import.meta.url), 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${mw.topics.inference}-value` });
    const events = Array.from({ length: 200 }, (_, i) => ({
      ...inference(1000 + i, 'churn'),
      event_id: null,
      features: { tenure: i, plan: i % 2 ? 'pro' : 'free', active: true, discount: null },
      prediction: i / 200,
      scores: null,
      status: 'ok',
    }));
    const messages = await Promise.all(events.map(async (e) => ({ key: e.prediction_id, value: await registry.encode(id, e) })));
    expect(messages[0]!.value[0]).toBe(0);
    await producer.send({ topic: mw.topics.inference, messages });
    await waitFor(async () => ((await count('inference_events', `model_id = 'churn'`)) === 200 ? true : undefined), '200 Avro rows');
    const [row] = await mw.rows<Record<string, unknown>>(
      `SELECT numeric_features, categorical_features, missing_features, prediction_value FROM inference_events WHERE prediction_id = 'churn-p1007'`,
    );
    expect(row).toEqual({ numeric_features: { tenure: 7 }, categorical_features: { plan: 'pro', active: 'true' }, missing_features: ['discount'], prediction_value: 0.035 });
  });

  it('sends every kind of bad record to the DLQ with its reason and bytes, and keeps the good ones', async () => {
    const schema = readFileSync(new URL('../../schemas/inference-event.avsc', import.meta.url), 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${mw.topics.inference}-value` });
    const goodAvro = await registry.encode(id, { ...inference(5000, 'bad-batch'), scores: null, segments: null, attributions: null, status: null });
    const unknownSchema = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0x01]), goodAvro.subarray(5)]);
    const bad: { name: string; kind: string; value: Buffer }[] = [
      { name: 'invalid JSON', kind: 'json', value: Buffer.from('{"model_id": "x", ') },
      { name: 'missing field', kind: 'validation', value: Buffer.from(JSON.stringify({ ...inference(1), model_version: undefined })) },
      { name: 'wrong type', kind: 'validation', value: Buffer.from(JSON.stringify({ ...inference(2), features: { amount: [1, 2] } })) },
      { name: 'seconds timestamp', kind: 'validation', value: Buffer.from(JSON.stringify({ ...inference(3), timestamp: 1795860000 })) },
      { name: 'unknown schema id', kind: 'schema', value: unknownSchema },
      { name: 'truncated Avro', kind: 'avro', value: goodAvro.subarray(0, goodAvro.length - 7) },
      { name: 'oversized', kind: 'oversized', value: Buffer.from(JSON.stringify({ ...inference(4), features: { blob: 'x'.repeat(5000) } })) },
      { name: 'random bytes', kind: 'encoding', value: Buffer.concat([Buffer.from([0x9c]), randomBytes(300)]) },
      { name: 'not an object', kind: 'validation', value: Buffer.from('{}') },
    ];
    const good = Array.from({ length: 30 }, (_, i) => Buffer.from(JSON.stringify(inference(6000 + i, 'bad-batch'))));
    // Interleave: bad records must not hold back the good ones around them.
    const messages = good.flatMap((value, i) => [{ key: `g${i}`, value }, ...(bad[i] ? [{ key: `b${i}`, value: bad[i]!.value }] : [])]);
    await producer.send({ topic: mw.topics.inference, messages });

    await waitFor(async () => ((await count('inference_events', `model_id = 'bad-batch'`)) === 30 ? true : undefined), 'the 30 good rows');
    await waitFor(async () => ((await count('ingest_rejections')) >= bad.length ? true : undefined), 'the rejections');

    const dlq = await readRecords(kafka, [mw.topics.dlq], bad.length);
    const byKey = new Map(dlq.map((m) => [m.headers[DLQ_HEADERS.key] ?? '', m]));
    for (const [i, b] of bad.entries()) {
      const m = byKey.get(`b${i}`);
      expect(m, b.name).toBeDefined();
      expect(m!.headers[DLQ_HEADERS.kind], b.name).toBe(b.kind);
      expect(m!.value.equals(b.value), `${b.name}: original bytes`).toBe(true);
      expect(m!.headers[DLQ_HEADERS.topic]).toBe(mw.topics.inference);
      expect(m!.headers[DLQ_HEADERS.reason]!.length, b.name).toBeGreaterThan(5);
      expect(m!.key).toBe(`${mw.topics.inference}/${m!.headers[DLQ_HEADERS.partition]}/${m!.headers[DLQ_HEADERS.offset]}`);
    }
    expect(byKey.get('b1')!.headers[DLQ_HEADERS.reason]).toContain('model_version is missing');
    expect(byKey.get('b2')!.headers[DLQ_HEADERS.reason]).toContain('features.amount must be a number, string, boolean or null');
    expect(byKey.get('b3')!.headers[DLQ_HEADERS.reason]).toContain('looks like epoch seconds');
    expect(byKey.get('b4')!.headers[DLQ_HEADERS.reason]).toContain(`schema id ${0x7fffff01} is not in the schema registry`);
    expect(byKey.get('b6')!.headers[DLQ_HEADERS.reason]).toContain('limit is 4096');

    const kinds = await mw.rows<{ error_kind: string; c: string }>('SELECT error_kind, count() AS c FROM ingest_rejections GROUP BY error_kind ORDER BY error_kind');
    expect(Object.fromEntries(kinds.map((k) => [k.error_kind, Number(k.c)]))).toEqual({ avro: 1, encoding: 1, json: 1, oversized: 1, schema: 1, validation: 4 });

    const metrics = await (await fetch(`${mw.running.ops.url}/metrics`)).text();
    expect(metrics).toMatch(/modelwatch_ingest_records_rejected_total\{kind="validation",topic="[^"]+"\} 4/);
    expect(metrics).toMatch(/modelwatch_ingest_events_stored_total\{table="inference_events"\} 630/);
    expect((await fetch(`${mw.running.ops.url}/readyz`)).status).toBe(200);
  });

  it('commits offsets only up to what is stored', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await waitFor(async () => {
        const [topic] = await admin.fetchOffsets({ groupId: `${mw.config.kafka.groupPrefix}ingest`, topics: [mw.topics.inference] });
        const ends = await admin.fetchTopicOffsets(mw.topics.inference);
        const done = topic!.partitions.every((p) => p.offset === ends.find((e) => e.partition === p.partition)!.offset);
        return done ? topic!.partitions : undefined;
      }, 'committed offsets at the end of the topic');
      const total = committed.reduce((sum, p) => sum + Number(p.offset), 0);
      expect(total).toBe(400 + 200 + 30 + 9);
    } finally {
      await admin.disconnect();
    }
  });
});

