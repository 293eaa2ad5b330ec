import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { DLQ_HEADERS } from '@modelwatch/kafka';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { readRecords } from '../support/read-records.ts';
import { closeAllWindows } from '../support/simulator-run.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const LONG = 'x'.repeat(10_000);

function inference(i: number, fields: Record<string, unknown> = {}) {
  return { model_id: 'good', model_version: 'v1', prediction_id: `p${i}`, timestamp: T0 + i, features: { amount: i }, prediction: 'ok', ...fields };
}

/**
 * Records ingest refuses name their model in any way a producer likes. Only ids a valid event
 * could carry (1 to 256 characters) may become a series of the metrics: the others go to the DLQ
 * with their reason and count nowhere else.
 */
describe('refused records with impossible model ids', () => {
  let mw: ModelwatchUnderTest;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    mw = await startModelwatchForTest({ MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '2000', MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300' });
    kafka = new Kafka({ clientId: 'security-ingest-identity-test', brokers: testStack().brokers, logLevel: 1 });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
  });

  it('go to the DLQ with their reason and reach no window, metric row or metric event', async () => {
    const bad = [
      { key: 'empty-id', value: inference(100, { model_id: '' }), reason: 'model_id must have 1 to 256 characters' },
      { key: 'long-id', value: inference(101, { model_id: LONG }), reason: 'model_id must have 1 to 256 characters' },
      { key: 'long-version', value: inference(102, { model_version: LONG }), reason: 'model_version must have 1 to 256 characters' },
      // Refused, but its model and version are ones a valid event could have: it counts in good/v1's DLQ rate.
      { key: 'bad-feature', value: inference(103, { features: { amount: [1] } }), reason: 'features.amount must be a number' },
    ];
    const good = Array.from({ length: 9 }, (_, i) => ({ key: `g${i}`, value: inference(i) }));
    // Record times in the events' window: a refused record counts at its record time.
    await producer.send({
      topic: mw.topics.inference,
      acks: -1,
      messages: [...good, ...bad].map((m) => ({ key: m.key, value: JSON.stringify(m.value), timestamp: String(T0) })),
    });

    const dlq = await readRecords(kafka, [mw.topics.dlq], bad.length);
    const byKey = new Map(dlq.map((m) => [m.headers[DLQ_HEADERS.key] ?? '', m]));
    for (const b of bad) {
      expect(byKey.get(b.key)?.headers[DLQ_HEADERS.reason], b.key).toContain(b.reason);
      expect(byKey.get(b.key)?.headers[DLQ_HEADERS.kind], b.key).toBe('validation');
    }

    await closeAllWindows(mw, T0 + 24 * 3_600_000);
    const dlqRate = await waitFor(async () => {
      const [row] = await mw.rows<{ value: number; sample_size: string }>(
        `SELECT value, sample_size FROM model_metrics FINAL WHERE model_id = 'good' AND segment_name = '' AND metric = 'dlq_rate'`,
      );
      return row;
    }, "good/v1's DLQ rate");
    expect({ value: dlqRate.value, sampleSize: Number(dlqRate.sample_size) }).toEqual({ value: 1 / 10, sampleSize: 10 });

    // Every window stored before the clock tick is evaluated by now: other series would have their rows too.
    const before = { end: T0 + 3_600_000 };
    await waitFor(async () => {
      const [row] = await mw.rows<{ pending: string }>(
        `SELECT count() AS pending FROM (SELECT DISTINCT model_id, model_version, segment_name, segment_value, window_start FROM window_states
                                          WHERE window_start < fromUnixTimestamp64Milli({end:Int64}, 'UTC'))
         WHERE (model_id, model_version, segment_name, segment_value, window_start) NOT IN
               (SELECT model_id, model_version, segment_name, segment_value, window_start FROM model_metrics)`,
        before,
      );
      return Number(row?.pending) === 0 ? true : undefined;
    }, 'every stored window to be evaluated');

    const shown = (id: string) => (id.length > 40 ? `${id.length} characters` : JSON.stringify(id));
    const series = async (table: string) =>
      (await mw.rows<{ model_id: string; model_version: string }>(
        `SELECT DISTINCT model_id, model_version FROM ${table} WHERE window_start < fromUnixTimestamp64Milli({end:Int64}, 'UTC') ORDER BY model_id, model_version`,
        before,
      )).map((r) => `${shown(r.model_id)}/${shown(r.model_version)}`);
    expect(await series('window_states')).toEqual(['"good"/"v1"']);
    expect(await series('model_metrics')).toEqual(['"good"/"v1"']);

    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(mw.topics.metrics).finally(() => admin.disconnect());
    const published = await readRecords(kafka, [mw.topics.metrics], ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0));
    const models = new Set(published.map((r) => (JSON.parse(r.value.toString('utf8')) as { model_id: string; model_version: string }).model_id));
    expect([...models].map(shown)).toEqual(['"good"']);
  });
});
