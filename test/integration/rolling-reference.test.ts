import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { waitFor } from '../support/wait-for.ts';

const START = Date.UTC(2026, 10, 3);
const MINUTE = 60_000;

/**
 * With a rolling reference, each model version's reference is refitted on its previous period of
 * traffic: a lasting shift alerts against the old traffic, and once a period of shifted traffic
 * is the reference, the windows after it are quiet again.
 */
describe('rolling references', () => {
  let mw: ModelwatchUnderTest;
  let producer: Producer;

  beforeAll(async () => {
    mw = await startModelwatchForTest({
      MODELWATCH_METRICS_ALLOWED_LATENESS_MS: '0',
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(MINUTE),
      MODELWATCH_METRICS_ROLLING_REFERENCE_MS: String(2 * MINUTE),
    });
    producer = new Kafka({ clientId: 'rolling-test', brokers: [...mw.config.kafka.brokers], logLevel: 1 }).producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
  });

  /** Minutes [from, to) of traffic (300 events a minute), then a tick on every partition at `to`. */
  const send = async (from: number, to: number, shift: number) => {
    const messages = [];
    for (let i = from * 300; i < to * 300; i++) {
      messages.push({
        key: `p${i}`,
        value: JSON.stringify({
          model_id: 'pricing', model_version: 'v1', prediction_id: `p${i}`, timestamp: START + i * 200,
          features: { amount: ((i * 7919) % 1000) / 10 + shift }, prediction: 1,
        }),
      });
    }
    await producer.send({ topic: mw.topics.inference, messages });
    await producer.send({
      topic: mw.topics.inference,
      messages: [0, 1, 2].map((partition) => ({ partition, value: JSON.stringify({ model_id: 'clock', model_version: 'v1', prediction_id: `t${to}-${partition}`, timestamp: START + to * MINUTE, features: {}, prediction: 0 }) })),
    });
  };
  const references = () => mw.rows<{ source: string; from: string; to: string; reference_id: string }>(
    `SELECT source, JSONExtractInt(profile, 'period', 'fromMs') AS from, JSONExtractInt(profile, 'period', 'toMs') AS to, reference_id
     FROM reference_profiles WHERE model_id = 'pricing' ORDER BY to`,
  );
  const drift = () => mw.rows<{ start: string; status: string; reference_id: string }>(
    `SELECT toUnixTimestamp64Milli(window_start) AS start, status, reference_id FROM model_metrics FINAL
     WHERE model_id = 'pricing' AND metric = 'drift' AND feature = 'amount' AND segment_name = '' ORDER BY window_start`,
  );

  it('refits on the previous period, so a lasting shift alerts and then becomes the reference', { timeout: 240_000 }, async () => {
    await send(0, 3, 0);
    const first = await waitFor(async () => {
      const refs = await references();
      return refs.some((r) => r.source === 'rolling') ? refs : undefined;
    }, 'the first-traffic and the first rolling reference', 60_000, 500);
    expect(first.map((r) => [r.source, Number(r.from) - START, Number(r.to) - START])).toEqual([['window', 0, MINUTE], ['rolling', MINUTE, 3 * MINUTE]]);

    await send(3, 6, 40);
    await waitFor(async () => ((await references()).length >= 3 ? true : undefined), 'a rolling reference on the shifted traffic', 60_000, 500);
    await send(6, 8, 40);
    const rows = await waitFor(async () => {
      const found = await drift();
      return found.some((r) => Number(r.start) === START + 7 * MINUTE) ? found : undefined;
    }, 'drift of the last window', 60_000, 500);

    const refs = await references();
    const shiftedReference = refs.find((r) => r.source === 'rolling' && Number(r.to) === START + 6 * MINUTE);
    expect(shiftedReference, JSON.stringify(refs)).toBeDefined();
    const byMinute = new Map(rows.map((r) => [(Number(r.start) - START) / MINUTE, r]));
    // Minutes 3-5: shifted, scored against the unshifted traffic of minutes 1-3.
    for (const minute of [3, 4, 5]) expect(byMinute.get(minute)?.status, `minute ${minute}`).toBe('alert');
    // Minutes 6-7: scored against minutes 4-6, shifted like them.
    for (const minute of [6, 7]) {
      expect(byMinute.get(minute)?.status, `minute ${minute}`).toBe('ok');
      expect(byMinute.get(minute)?.reference_id).toBe(shiftedReference!.reference_id);
    }
  });
});
