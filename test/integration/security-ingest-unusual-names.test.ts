import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { fitReferenceProfile, type ReferenceRow } from '@modelwatch/core';
import { DLQ_HEADERS } from '@modelwatch/kafka';
import { ReferenceStore } from '@modelwatch/metrics';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { readRecords } from '../support/read-records.ts';
import { closeAllWindows } from '../support/simulator-run.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const EVENTS = 30;

/** JSON text makes `__proto__` an own key, as a producer's JSON does; an object literal would set the prototype instead. */
const parsed = <T = Record<string, unknown>>(text: string): T => JSON.parse(text) as T;

function event(i: number): Record<string, unknown> {
  return {
    model_id: 'names',
    model_version: 'v1',
    prediction_id: `n${i}`,
    timestamp: T0 + i * 100,
    features: parsed(`{"__proto__": ${i % 10}, "toString": ${i % 3}, "constructor": "${i % 2 ? 'a' : 'b'}", "hasOwnProperty": true, "valueOf": null}`),
    prediction: i % 2 ? 'ok' : 'fraud',
    scores: parsed(`{"__proto__": 0.25, "ok": 0.75}`),
    segments: parsed(`{"__proto__": "web"}`),
    attributions: parsed(`{"__proto__": 0.5, "constructor": -0.25}`),
  };
}

/**
 * Feature, score, segment and attribution names are the producer's: names that mean something to
 * JavaScript objects (`__proto__`, `constructor`, `toString`, ...) are stored and counted like any
 * other; names outside the validator's limits (empty, over 256 characters) are refused with a reason.
 */
describe('unusual names in event maps', () => {
  let mw: ModelwatchUnderTest;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    mw = await startModelwatchForTest({ MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '2000', MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300' });
    kafka = new Kafka({ clientId: 'security-ingest-names-test', brokers: testStack().brokers, logLevel: 1 });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
  });

  it('stores and counts them, from JSON and Avro, and refuses names out of limits with their reason', async () => {
    // A reference that knows the unusual features, so the windows are scored on them.
    const rows: ReferenceRow[] = Array.from({ length: 400 }, (_, i) => ({
      numeric: parsed<Record<string, number>>(`{"__proto__": ${i % 10}, "toString": ${i % 3}}`),
      categorical: parsed<Record<string, string>>(`{"constructor": "${i % 2 ? 'a' : 'b'}"}`),
      predictionValue: null,
      predictionLabel: i % 2 ? 'ok' : 'fraud',
    }));
    const reference = fitReferenceProfile({ modelId: 'names', modelVersion: 'v1', rows, source: 'dataset', createdAtMs: Date.now() });
    expect(Object.keys(reference.features)).toEqual(['__proto__', 'constructor', 'toString']);
    await new ReferenceStore(mw.warehouse).save(reference);

    const registry = new SchemaRegistry({ host: testStack().schemaRegistryUrl });
    const schema = readFileSync(new URL('../../schemas/inference-event.avsc', import.meta.url), 'utf8');
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${mw.topics.inference}-value` });
    const avro = await registry.encode(id, { ...event(EVENTS - 1), event_id: null, latency_ms: null, status: null });

    const refused = [
      { key: 'empty-feature', value: { ...event(100), features: parsed('{"": 1}') }, reason: 'features has a name of 0 characters; names need 1 to 256' },
      { key: 'long-feature', value: { ...event(101), features: { ['f'.repeat(257)]: 1 } }, reason: 'features has a name of 257 characters; names need 1 to 256' },
      { key: 'empty-segment', value: { ...event(102), segments: parsed('{"": "web"}') }, reason: 'segments has a name of 0 characters; names need 1 to 256' },
    ];
    await producer.send({
      topic: mw.topics.inference,
      acks: -1,
      messages: [
        ...Array.from({ length: EVENTS - 1 }, (_, i) => ({ key: `n${i}`, value: JSON.stringify(event(i)) })),
        { key: `n${EVENTS - 1}`, value: avro },
        ...refused.map((r) => ({ key: r.key, value: JSON.stringify(r.value), timestamp: String(T0) })),
      ],
    });

    const dlq = await readRecords(kafka, [mw.topics.dlq], refused.length);
    const byKey = new Map(dlq.map((m) => [m.headers[DLQ_HEADERS.key] ?? '', m]));
    for (const r of refused) expect(byKey.get(r.key)?.headers[DLQ_HEADERS.reason], r.key).toContain(r.reason);

    const count = async () => Number((await mw.rows<{ c: string }>(`SELECT count() AS c FROM inference_events WHERE model_id = 'names'`))[0]?.c);
    await waitFor(async () => ((await count()) === EVENTS ? true : undefined), `${EVENTS} stored events`);
    const stored = await mw.rows<Record<string, unknown>>(
      `SELECT prediction_id, numeric_features, categorical_features, missing_features, scores, segments, attributions FROM inference_events
       WHERE prediction_id IN ('n7', 'n${EVENTS - 1}') ORDER BY prediction_id`,
    );
    const storedAs = (i: number) => ({
      prediction_id: `n${i}`,
      numeric_features: parsed(`{"__proto__": ${i % 10}, "toString": ${i % 3}}`),
      categorical_features: parsed(`{"constructor": "${i % 2 ? 'a' : 'b'}", "hasOwnProperty": "true"}`),
      missing_features: ['valueOf'],
      scores: parsed(`{"__proto__": 0.25, "ok": 0.75}`),
      segments: parsed(`{"__proto__": "web"}`),
      attributions: parsed(`{"__proto__": 0.5, "constructor": -0.25}`),
    });
    // JSON first (n7), then the Avro event (n29).
    expect(stored).toEqual([storedAs(EVENTS - 1), storedAs(7)]);

    await closeAllWindows(mw, T0 + 24 * 3_600_000);
    type MetricRow = { segment_name: string; segment_value: string; metric: string; feature: string; sample_size: string; status: string };
    const metrics = await waitFor(async () => {
      const found = await mw.rows<MetricRow>(`SELECT segment_name, segment_value, metric, feature, sample_size, status FROM model_metrics FINAL WHERE model_id = 'names'`);
      return found.some((r) => r.segment_name === '' && r.metric === 'event_count') ? found : undefined;
    }, "the names model's window");
    const row = (metric: string, feature: string, segment = '') => {
      const r = metrics.find((m) => m.segment_name === segment && m.metric === metric && m.feature === feature);
      return r && { sampleSize: Number(r.sample_size), status: r.status, ...(segment ? { segmentValue: r.segment_value } : {}) };
    };
    expect(row('drift_psi', '__proto__')).toMatchObject({ sampleSize: EVENTS });
    expect(row('drift_ks_statistic', 'toString')).toMatchObject({ sampleSize: EVENTS });
    expect(row('drift_chi_square_p_value', 'constructor')).toMatchObject({ sampleSize: EVENTS });
    expect(row('missing_rate', '__proto__')).toMatchObject({ sampleSize: EVENTS });
    expect(row('new_feature', 'hasOwnProperty')).toMatchObject({ sampleSize: EVENTS });
    expect(row('new_feature', 'valueOf')).toMatchObject({ sampleSize: EVENTS });
    expect(row('importance', '__proto__')).toMatchObject({ sampleSize: EVENTS });
    expect(row('importance', 'constructor')).toMatchObject({ sampleSize: EVENTS });
    expect(row('event_count', '', '__proto__')).toEqual({ sampleSize: EVENTS, status: 'ok', segmentValue: 'web' });
  });
});
