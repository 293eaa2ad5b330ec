import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** Ground truth meets its prediction in `joined_outcomes`, whichever arrives first. */
describe('the metrics service joins labels with predictions', () => {
  let mw: ModelwatchUnderTest;
  let producer: Producer;

  beforeAll(async () => {
    mw = await startModelwatchForTest();
    producer = new Kafka({ clientId: 'label-join-test', brokers: testStack().brokers, logLevel: 1 }).producer({ idempotent: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
  });

  const prediction = (i: number) => ({
    model_id: 'churn', model_version: '7', prediction_id: `c${i}`, timestamp: T0 + i * 1000,
    features: { tenure: i }, prediction: i % 2 ? 'stay' : 'leave', scores: { stay: 0.6, leave: 0.4 }, segments: { plan: 'pro' },
  });
  const label = (i: number, delayMs: number) => ({ model_id: 'churn', prediction_id: `c${i}`, label: i % 3 ? 'stay' : 'leave', timestamp: T0 + i * 1000 + delayMs });
  const send = (topic: string, events: { prediction_id: string }[]) =>
    producer.send({ topic, messages: events.map((e) => ({ key: e.prediction_id, value: JSON.stringify(e) })) });

  it('joins labels that come after their prediction, before it, and twice', async () => {
    // Labels for c40..c49 arrive before their predictions.
    await send(mw.topics.groundTruth, Array.from({ length: 10 }, (_, k) => label(40 + k, 5_000)));
    await send(mw.topics.inference, Array.from({ length: 50 }, (_, i) => prediction(i)));
    await send(mw.topics.groundTruth, Array.from({ length: 40 }, (_, i) => label(i, 3_600_000)));
    // A label delivered twice joins once.
    await send(mw.topics.groundTruth, [label(7, 3_600_000)]);

    const rows = await waitFor(async () => {
      const r = await mw.rows<{ prediction_id: string; label_class: string; label_delay_ms: number | string; prediction_label: string; segments: Record<string, string> }>(
        `SELECT prediction_id, label_class, label_delay_ms, prediction_label, segments FROM joined_outcomes FINAL WHERE model_id = 'churn' ORDER BY prediction_id`,
      );
      return r.length >= 50 ? r : undefined;
    }, '50 joined outcomes');
    expect(rows).toHaveLength(50);
    const byId = new Map(rows.map((r) => [r.prediction_id, r]));
    expect(byId.get('c7')).toEqual({ prediction_id: 'c7', label_class: 'stay', label_delay_ms: 3_600_000, prediction_label: 'stay', segments: { plan: 'pro' } });
    expect(Number(byId.get('c42')!.label_delay_ms)).toBe(5_000);
    expect(byId.get('c43')!.label_class).toBe('stay');
    expect(byId.get('c45')!.label_class).toBe('leave');

    const accuracy = await mw.rows<{ accuracy: number }>(`SELECT avg(prediction_label = label_class) AS accuracy FROM joined_outcomes FINAL WHERE model_id = 'churn'`);
    const expected = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'stay' : 'leave') === (i % 3 ? 'stay' : 'leave')).filter(Boolean).length / 50;
    expect(accuracy[0]!.accuracy).toBeCloseTo(expected, 12);
    const metrics = await (await fetch(`${mw.running.ops.url}/metrics`)).text();
    expect(metrics).toMatch(/modelwatch_metrics_outcomes_joined_total \d+/);
    expect(metrics).toContain('modelwatch_metrics_pending_labels 0');
  });
});
