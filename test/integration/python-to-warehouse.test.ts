import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'packages/sdk/examples/python/publish_events.py';
const PYTHON = process.env['PYTHON'] ?? 'python3';

interface Sent {
  readonly topic: string;
  readonly key: string;
  readonly event: Record<string, unknown>;
}

/**
 * End to end from a Python model server to the warehouse: the README's Python example, with the
 * real confluent-kafka client (JSON, and Avro through the registry with its own serializer),
 * publishes to the topics a running modelwatch ingests; every event must land exactly once with
 * the values the script sent.
 */
describe('Python producer to ClickHouse', () => {
  let mw: ModelwatchUnderTest;

  beforeAll(async () => {
    mw = await startModelwatchForTest();
  });
  afterAll(async () => {
    await mw?.stop();
  });

  const publish = (encoding: 'json' | 'avro', modelId: string, count: number): Sent[] => {
    const run = spawnSync(
      PYTHON,
      [SCRIPT, '--brokers', testStack().brokers.join(','), '--registry-url', testStack().schemaRegistryUrl, '--topic-prefix', mw.config.kafka.topicPrefix, '--encoding', encoding, '--count', String(count), '--model-id', modelId],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    if (run.error || run.status !== 0) {
      throw new Error(`${SCRIPT} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}\nInstall its requirements: pip install -r packages/sdk/examples/python/requirements.txt`);
    }
    return run.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Sent);
  };

  for (const encoding of ['json', 'avro'] as const) {
    it(`stores every ${encoding} event the Python example sends, once, with its values`, async () => {
      const modelId = `py-${encoding}`;
      const sent = publish(encoding, modelId, 60);
      const predictions = sent.filter((s) => s.topic === mw.topics.inference).map((s) => s.event);
      const labels = sent.filter((s) => s.topic === mw.topics.groundTruth).map((s) => s.event);
      expect(predictions).toHaveLength(60);
      expect(labels).toHaveLength(60);

      const rows = await waitFor(async () => {
        const r = await mw.rows<{ prediction_id: string; ts: number; amount: number; country: string; missing: string[]; label: string; scores: Record<string, number> }>(
          `SELECT prediction_id, toUnixTimestamp64Milli(timestamp) AS ts, numeric_features['amount'] AS amount, categorical_features['country'] AS country,
                  missing_features AS missing, prediction_label AS label, scores
           FROM inference_events WHERE model_id = {m:String} ORDER BY prediction_id`,
          { m: modelId },
        );
        return r.length >= 60 ? r : undefined;
      }, `60 ${encoding} predictions from Python`);
      expect(rows).toHaveLength(60);
      const byId = new Map(rows.map((r) => [r.prediction_id, r]));
      for (const event of predictions) {
        const row = byId.get(event['prediction_id'] as string);
        const features = event['features'] as Record<string, unknown>;
        expect(row, String(event['prediction_id'])).toBeDefined();
        expect(row!.ts).toBe(Date.parse(event['timestamp'] as string));
        expect(row!.amount).toBe(features['amount']);
        expect(row!.country).toBe(features['country']);
        expect(row!.missing).toEqual(features['age'] === null ? ['age'] : []);
        expect(row!.label).toBe(event['prediction']);
        expect(row!.scores).toEqual(event['scores']);
      }
      const stored = await waitFor(async () => {
        const r = await mw.rows<{ c: number | string; u: number | string }>(
          'SELECT count() AS c, uniqExact(prediction_id) AS u FROM ground_truth_events WHERE model_id = {m:String}',
          { m: modelId },
        );
        return Number(r[0]?.c) >= 60 ? r[0] : undefined;
      }, `60 ${encoding} labels from Python`);
      expect({ rows: Number(stored.c), predictions: Number(stored.u) }).toEqual({ rows: 60, predictions: 60 });
      const rejected = await mw.rows<{ c: number | string }>('SELECT count() AS c FROM ingest_rejections');
      expect(Number(rejected[0]!.c)).toBe(0);
    });
  }
});
