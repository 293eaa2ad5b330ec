import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthEvent, type InferenceEvent } from '@modelwatch/core';
import { createModelwatchProducer, InvalidEventError } from '@modelwatch/sdk';
import { murmur2Partition, readRecords, type ReadRecord } from '../support/read-records.ts';
import { testStack } from '../support/stack.ts';

/** The TypeScript SDK against the real broker and registry: what it sends arrives keyed, decodes and validates. */

const PARTITIONS = 3;
const BASE = Date.UTC(2026, 10, 28, 9, 0, 0);




async function createTopics(admin: Admin, prefix: string): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: [`${prefix}inference`, `${prefix}ground-truth`].map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
  });
}

function inference(i: number, model: string): InferenceEvent {
  return {
    model_id: model,
    model_version: 'v2',
    prediction_id: `${model}-p${i}`,
    // Half the events give their time as ISO text, half as epoch ms.
    timestamp: i % 2 ? new Date(BASE + i * 1000).toISOString() : BASE + i * 1000,
    features: { amount: i * 1.25, country: i % 3 ? 'DE' : 'FR', is_new: i % 2 === 0, age: i % 5 === 0 ? null : 20 + (i % 40) },
    prediction: i % 4 === 0 ? 'fraud' : 'ok',
    scores: { fraud: (i % 10) / 10, ok: 1 - (i % 10) / 10 },
    latency_ms: 1 + (i % 9),
    status: i % 25 === 0 ? 'error' : 'ok',
    segments: { channel: i % 2 ? 'web' : 'app' },
    ...(i % 3 === 0 ? { attributions: { amount: 0.25, country: -0.5 } } : {}),
  };
}

function groundTruth(i: number, model: string): GroundTruthEvent {
  return { model_id: model, prediction_id: `${model}-p${i}`, label: i % 4 === 0 ? 'fraud' : i % 7 === 0 ? 1 : 'ok', timestamp: new Date(BASE + 3_600_000 + i).toISOString() };
}

describe('@modelwatch/sdk against a real broker', () => {
  const stack = testStack();
  const kafka = new Kafka({ clientId: 'sdk-producer-test', brokers: [...stack.brokers], logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const registry = new SchemaRegistry({ host: stack.schemaRegistryUrl });

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  for (const encoding of ['json', 'avro'] as const) {
    it(`${encoding}: events arrive on the topics keyed by prediction_id, decode and validate`, async () => {
      const prefix = `t${randomBytes(5).toString('hex')}.`;
      await createTopics(admin, prefix);
      const mw = createModelwatchProducer({
        brokers: stack.brokers,
        topicPrefix: prefix,
        encoding,
        schemaRegistryUrl: stack.schemaRegistryUrl,
        batch: { maxEvents: 40, lingerMs: 10 },
      });
      const model = `sdk-${encoding}`;
      const n = 150;
      const predictions = Array.from({ length: n }, (_, i) => inference(i, model));
      const labels = Array.from({ length: n }, (_, i) => groundTruth(i, model));
      const deliveries: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        deliveries.push(mw.logPrediction(predictions[i]!));
        if (i === 10) {
          // Refused at the call, never sent: the counts below prove it.
          expect(() => mw.logPrediction({ ...inference(999, model), timestamp: 'yesterday' })).toThrow(InvalidEventError);
          expect(() => mw.logGroundTruth({ ...groundTruth(999, model), label: null as never })).toThrow(/label is missing/);
        }
        deliveries.push(mw.logGroundTruth(labels[i]!));
      }
      await mw.flush();
      await Promise.all(deliveries);
      expect(mw.pending).toBe(0);
      await mw.close();

      const records = await readRecords(kafka, [mw.topics.inference, mw.topics.groundTruth], 2 * n);
      expect(records).toHaveLength(2 * n);
      const byKey = new Map<string, { inference?: ReadRecord; groundTruth?: ReadRecord }>();
      for (const record of records) {
        const slot = byKey.get(record.key) ?? {};
        if (record.topic === mw.topics.inference) slot.inference = record;
        else slot.groundTruth = record;
        byKey.set(record.key, slot);
      }
      expect(byKey.size).toBe(n);

      for (let i = 0; i < n; i++) {
        const sent = predictions[i]!;
        const slot = byKey.get(sent.prediction_id);
        expect(slot?.inference, sent.prediction_id).toBeDefined();
        expect(slot?.groundTruth, sent.prediction_id).toBeDefined();
        const inf = slot!.inference!;
        const gt = slot!.groundTruth!;
        // Same key, same partition number on both topics: a label meets its prediction.
        expect(inf.partition).toBe(murmur2Partition(inf.topic, sent.prediction_id, PARTITIONS));
        expect(gt.partition).toBe(inf.partition);

        let infValue: unknown;
        let gtValue: unknown;
        if (encoding === 'json') {
          infValue = JSON.parse(inf.value.toString('utf8'));
          gtValue = JSON.parse(gt.value.toString('utf8'));
          expect(infValue).toEqual(sent);
          expect(gtValue).toEqual(labels[i]);
        } else {
          expect(inf.value[0]).toBe(0);
          expect(gt.value[0]).toBe(0);
          infValue = await registry.decode(inf.value);
          gtValue = await registry.decode(gt.value);
        }
        const infCheck = validateInferenceEvent(infValue);
        const gtCheck = validateGroundTruthEvent(gtValue);
        if (!infCheck.ok) throw new Error(`${sent.prediction_id}: ${infCheck.reason}`);
        if (!gtCheck.ok) throw new Error(`${sent.prediction_id}: ${gtCheck.reason}`);
        const expected = validateInferenceEvent(sent);
        const expectedGt = validateGroundTruthEvent(labels[i]);
        if (!expected.ok || !expectedGt.ok) throw new Error('a sample event is invalid');
        // The stored form is the same whichever encoding carried the event.
        expect(infCheck.value).toEqual(expected.value);
        expect(gtCheck.value).toEqual(expectedGt.value);
      }

      if (encoding === 'avro') {
        for (const topic of [mw.topics.inference, mw.topics.groundTruth]) {
          const response = await fetch(`${stack.schemaRegistryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}/versions`);
          expect(response.status, `subject ${topic}-value`).toBe(200);
          expect(await response.json()).toEqual([1]);
        }
      }
    }, 120_000);
  }

  it('avro: a second producer reuses the registered schema id', async () => {
    const prefix = `t${randomBytes(5).toString('hex')}.`;
    await createTopics(admin, prefix);
    const ids: number[] = [];
    for (let round = 0; round < 2; round++) {
      const mw = createModelwatchProducer({ brokers: stack.brokers, topicPrefix: prefix, encoding: 'avro', schemaRegistryUrl: stack.schemaRegistryUrl });
      await mw.logPrediction(inference(round, 'reuse'));
      await mw.close();
    }
    const records = await readRecords(kafka, [`${prefix}inference`], 2);
    for (const record of records) ids.push(record.value.readInt32BE(1));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  }, 90_000);
});
