import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka } from 'kafkajs';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { freePort } from '../support/free-port.ts';
import { waitFor } from '../support/wait-for.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));
const run = promisify(execFile);
const START = Date.UTC(2026, 10, 2);
const WINDOW = 60_000;

/**
 * `modelwatch reference upload` against a running modelwatch that owns the embedded warehouse:
 * the CLI writes through its SQL endpoint, and the next windows of that model version are
 * counted on the uploaded reference's bins and scored against it.
 */
describe('modelwatch reference upload', () => {
  let mw: ModelwatchUnderTest;
  let sqlPort: number;

  beforeAll(async () => {
    sqlPort = await freePort();
    mw = await startModelwatchForTest({
      MODELWATCH_SQL_PORT: String(sqlPort),
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
    });
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
  });

  it('stores the reference from a CSV file, and drift is scored against it', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelwatch-reference-'));
    const lines = ['prediction_id,amount,channel,prediction,label'];
    for (let i = 0; i < 2000; i++) lines.push(`r${i},${(i % 100) + 0.5},${i % 3 === 0 ? 'web' : 'app'},${i % 4 === 0 ? 'fraud' : 'legit'},${i % 5 === 0 ? 'fraud' : 'legit'}`);
    const file = join(dir, 'reference.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const env = { ...process.env, MODELWATCH_DATA_DIR: mw.config.dataDir, MODELWATCH_SQL_PORT: String(sqlPort), MODELWATCH_LOG_LEVEL: 'warn' };

    const { stdout } = await run(process.execPath, [CLI, 'reference', 'upload', '--model', 'payments', '--version', 'v7', file], { env });
    expect(stdout).toMatch(/stored reference [0-9a-f]{12} for payments v7: 2000 rows, 1 numeric and 1 categorical features, prediction, labels/);
    const [stored] = await mw.rows<{ reference_id: string; source: string; rows: string }>(`SELECT reference_id, source, rows FROM reference_profiles WHERE model_id = 'payments' AND model_version = 'v7'`);
    expect({ ...stored, rows: Number(stored?.rows) }).toMatchObject({ source: 'dataset', rows: 2000 });

    const bad = await run(process.execPath, [CLI, 'reference', 'upload', '--model', 'payments', file], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--version/);

    // Two windows of traffic: the first like the reference, the second with amount shifted up.
    const kafka = new Kafka({ clientId: 'reference-test', brokers: [...mw.config.kafka.brokers], logLevel: 1 });
    const producer = kafka.producer();
    await producer.connect();
    const messages = [];
    for (let i = 0; i < 1200; i++) {
      const shifted = i >= 600;
      messages.push({
        key: `p${i}`,
        value: JSON.stringify({
          model_id: 'payments', model_version: 'v7', prediction_id: `p${i}`, timestamp: START + (shifted ? WINDOW : 0) + (i % 600) * 50,
          features: { amount: ((i * 37) % 100) + 0.5 + (shifted ? 60 : 0), channel: i % 3 === 0 ? 'web' : 'app' }, prediction: 'legit',
        }),
      });
    }
    await producer.send({ topic: mw.topics.inference, messages });
    await producer.send({
      topic: mw.topics.inference,
      messages: [0, 1, 2].map((partition) => ({ partition, value: JSON.stringify({ model_id: 'clock', model_version: 'v1', prediction_id: `t${partition}`, timestamp: START + 3_600_000, features: {}, prediction: 0 }) })),
    });
    await producer.disconnect();

    const drift = await waitFor(async () => {
      const rows = await mw.rows<{ start: string; status: string; reference_id: string }>(
        `SELECT toUnixTimestamp64Milli(window_start) AS start, status, reference_id FROM model_metrics FINAL
         WHERE model_id = 'payments' AND metric = 'drift' AND feature = 'amount' AND segment_name = '' ORDER BY window_start`,
      );
      return rows.length === 2 ? rows : undefined;
    }, 'drift of both windows', 120_000, 500);
    expect(drift.map((r) => r.reference_id)).toEqual([stored!.reference_id, stored!.reference_id]);
    expect(drift.map((r) => r.status)).toEqual(['ok', 'alert']);
  });
});
