import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Kafka } from 'kafkajs';
import { topicNames } from '@modelwatch/core';
import { ensureTopics, modelwatchTopicSpecs } from '@modelwatch/kafka';
import { openWarehouse } from '@modelwatch/warehouse';
import { testConfig } from '../support/modelwatch-under-test.ts';
import { freePort } from '../support/free-port.ts';
import { waitFor } from '../support/wait-for.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));
const INFERENCE = 160_000;
const LABELS = 40_000;
const KILLS = 5;
const BASE_TIME = Date.UTC(2026, 10, 1);


/**
 * The ingest process is a real child process killed with SIGKILL while 200,000 events stream
 * in; afterwards every event must be stored exactly once.
 */
describe('ingest under SIGKILL', () => {
  const { config, dataDir } = testConfig({ MODELWATCH_INGEST_MAX_BATCH_BYTES: String(256 * 1024), MODELWATCH_TOPIC_PARTITIONS: '4' });
  const topics = topicNames(config.kafka.topicPrefix);
  const kafka = new Kafka({ clientId: 'crash-test', brokers: [...config.kafka.brokers], logLevel: 1 });
  const children: ChildProcess[] = [];
  let log = '';

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  const startIngest = async (port: number): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [CLI, 'run', '--targets', 'ingest'], {
      env: {
        ...process.env,
        MODELWATCH_DATA_DIR: dataDir,
        MODELWATCH_KAFKA_BROKERS: config.kafka.brokers.join(','),
        MODELWATCH_TOPIC_PREFIX: config.kafka.topicPrefix,
        MODELWATCH_GROUP_PREFIX: config.kafka.groupPrefix,
        MODELWATCH_TOPIC_PARTITIONS: '4',
        MODELWATCH_INGEST_MAX_BATCH_BYTES: String(256 * 1024),
        MODELWATCH_HTTP_PORT: String(port),
        // A killed member holds its partitions until its session times out: keep that short.
        MODELWATCH_INGEST_SESSION_TIMEOUT_MS: '6000',
        MODELWATCH_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    children.push(child);
    return child;
  };

  const storedSoFar = async (port: number): Promise<number | undefined> => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const values = [...text.matchAll(/^modelwatch_ingest_events_stored_total\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
    const total = values.reduce((a, b) => a + b, 0);
    return total > 0 ? total : undefined;
  };

  it('stores every one of 200,000 events exactly once across five SIGKILLs', { timeout: 600_000 }, async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, modelwatchTopicSpecs(config.kafka));

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const producing = (async () => {
      for (let start = 0; start < INFERENCE; start += 4000) {
        const messages = [];
        for (let i = start; i < start + 4000; i++) {
          messages.push({
            key: `p-${i}`,
            value: JSON.stringify({
              model_id: `m${i % 7}`, model_version: 'v1', prediction_id: `p-${i}`, timestamp: BASE_TIME + i * 10,
              features: { x: i % 1000, c: `k${i % 13}` }, prediction: i % 2, latency_ms: i % 50,
            }),
          });
        }
        const labels = [];
        for (let i = start / 4; i < (start + 4000) / 4; i++) {
          labels.push({ key: `p-${i * 4}`, value: JSON.stringify({ model_id: `m${(i * 4) % 7}`, prediction_id: `p-${i * 4}`, label: i % 2, timestamp: BASE_TIME + i * 40 + 5000 }) });
        }
        await producer.send({ topic: topics.inference, messages, acks: -1 });
        await producer.send({ topic: topics.groundTruth, messages: labels, acks: -1 });
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    for (let kill = 0; kill < KILLS; kill++) {
      const port = await freePort();
      const child = await startIngest(port);
      await waitFor(() => storedSoFar(port).catch(() => undefined), `ingest run ${kill + 1} to store events`, 120_000, 50);
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    await producing;
    await producer.disconnect();

    const port = await freePort();
    const last = await startIngest(port);
    await waitFor(async () => {
      const committed = await admin.fetchOffsets({ groupId: `${config.kafka.groupPrefix}ingest`, topics: [topics.inference, topics.groundTruth] });
      for (const t of committed) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) if (p.offset !== ends.find((e) => e.partition === p.partition)!.offset) return undefined;
      }
      return true;
    }, 'the last ingest run to commit the end of both topics', 300_000, 500);
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));
    await admin.disconnect();

    const warehouse = await openWarehouse({ database: config.clickhouse.database, dataDir });
    try {
      const one = async (query: string) => {
        const [row] = await (await warehouse.client.query({ query, format: 'JSONEachRow' })).json<Record<string, string | number>>();
        return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
      };
      const inf = await one(`SELECT count() AS rows, uniqExact(event_id) AS events, uniqExact(source_partition, source_offset) AS records,
        min(toUInt32(substring(prediction_id, 3))) AS lo, max(toUInt32(substring(prediction_id, 3))) AS hi FROM inference_events`);
      expect(inf).toEqual({ rows: INFERENCE, events: INFERENCE, records: INFERENCE, lo: 0, hi: INFERENCE - 1 });
      const gt = await one('SELECT count() AS rows, uniqExact(event_id) AS events, uniqExact(source_partition, source_offset) AS records FROM ground_truth_events');
      expect(gt).toEqual({ rows: LABELS, events: LABELS, records: LABELS });
      expect(await one('SELECT count() AS c FROM ingest_rejections')).toEqual({ c: 0 });
    } finally {
      await warehouse.close();
    }
    const replays = [...log.matchAll(/"skipped":(\d+)/g)].map((m) => Number(m[1]));
    console.info(`crash test: ${KILLS} SIGKILLs; replayed records found already stored: ${replays.reduce((a, b) => a + b, 0)}`);
  });
});
