import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DEFAULT_RULES, parseMetricEvent, RuleEngine, type MetricEvent } from '@modelwatch/core';
import { startModelwatch, type RunningModelwatch } from 'modelwatch';
import { createLogger } from '@modelwatch/telemetry';
import { WAREHOUSE } from '@modelwatch/runtime';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { freePort } from '../support/free-port.ts';
import { clockTicks } from '../support/simulator-run.ts';
import { waitFor } from '../support/wait-for.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));
const run = promisify(execFile);
const MINUTE = 60_000;

/**
 * References that come after the traffic they are for: a version's first-traffic reference is
 * fitted once however many models, partitions and builder passes there are (and not again after
 * a restart), and windows counted before their version had a reference are scored once it has
 * one, fitted or uploaded, replacing their `no_reference` rows.
 */
describe('first-traffic references of many models', () => {
  const START = Date.UTC(2026, 10, 4);
  const MODELS = 400;
  const PER_MINUTE = 8;
  let mw: ModelwatchUnderTest;
  let restarted: RunningModelwatch | undefined;
  let producer: Producer;

  beforeAll(async () => {
    mw = await startModelwatchForTest({
      MODELWATCH_METRICS_ALLOWED_LATENESS_MS: '0',
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(MINUTE),
    });
    // Every save stays a row of its own: merges would fold saves of the same id and hide repeated fits.
    await mw.warehouse.client.command({ query: 'SYSTEM STOP MERGES reference_profiles' });
    producer = new Kafka({ clientId: 'reference-late-fit', brokers: [...mw.config.kafka.brokers], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    if (restarted) {
      await restarted.stop();
      rmSync(mw.config.dataDir, { recursive: true, force: true });
    } else {
      await mw?.stop();
    }
  });

  /** Rows from the running instance's warehouse (the restarted one's once there is one). */
  const rows = async <T>(query: string): Promise<T[]> => {
    const warehouse = restarted ? restarted.modules.use(WAREHOUSE) : mw.warehouse;
    return (await warehouse!.client.query({ query, format: 'JSONEachRow' })).json<T>();
  };
  const model = (m: number) => `first-${String(m).padStart(3, '0')}`;
  const references = () => rows<{ model_id: string; fits: string; ids: string }>(
    `SELECT model_id, count() AS fits, uniqExact(reference_id) AS ids FROM reference_profiles
     WHERE model_id LIKE 'first-%' GROUP BY model_id, model_version ORDER BY model_id`,
  );
  const unscored = () => rows<{ windows: string; no_reference: string }>(
    `SELECT uniqExact(model_id, window_start) AS windows, countIf(status = 'no_reference') AS no_reference
     FROM model_metrics FINAL WHERE model_id LIKE 'first-%' AND metric = 'drift' AND feature = 'amount' AND segment_name = ''`,
  );

  it('fits one reference per version over three partitions, scores the windows before it, and fits none again after a restart', { timeout: 420_000 }, async () => {
    // Three minutes of traffic for every model, keyed by prediction id (spread over the partitions).
    const messages = [];
    for (let minute = 0; minute < 3; minute++) {
      for (let m = 0; m < MODELS; m++) {
        for (let i = 0; i < PER_MINUTE; i++) {
          const n = (minute * PER_MINUTE + i) * MODELS + m;
          messages.push({
            key: `p${n}`,
            value: JSON.stringify({
              model_id: model(m), model_version: 'v1', prediction_id: `p${n}`, timestamp: START + minute * MINUTE + i * (MINUTE / PER_MINUTE),
              features: { amount: ((n * 7919) % 1000) / 10, channel: n % 3 === 0 ? 'web' : 'app' }, prediction: n % 4 === 0 ? 'fraud' : 'legit',
            }),
          });
        }
      }
    }
    for (let i = 0; i < messages.length; i += 5000) await producer.send({ topic: mw.topics.inference, messages: messages.slice(i, i + 5000) });
    await producer.send({ topic: mw.topics.inference, messages: clockTicks(mw.config.kafka.topicPartitions, START + 4 * MINUTE) });

    await waitFor(async () => ((await references()).length === MODELS ? true : undefined), 'a reference for every model', 240_000, 1000);
    // Builder passes go on (every 5 s here): none of them fits a version again.
    await new Promise((r) => setTimeout(r, 12_000));
    const fitted = await references();
    expect(fitted.filter((r) => Number(r.fits) !== 1 || Number(r.ids) !== 1), 'versions fitted more than once').toEqual([]);
    // Every window, those of the reference period and those counted before the fit, is scored against it.
    await waitFor(async () => {
      const [row] = await unscored();
      return Number(row?.windows) === 3 * MODELS && Number(row?.no_reference) === 0 ? true : undefined;
    }, 'every window scored against its reference', 240_000, 1000);

    // A restart on the same warehouse and topics fits nothing again.
    await mw.running.stop();
    restarted = await startModelwatch(mw.config, createLogger({ level: mw.config.log.level }));
    await producer.send({ topic: mw.topics.inference, messages: clockTicks(mw.config.kafka.topicPartitions, START + 5 * MINUTE) });
    await new Promise((r) => setTimeout(r, 15_000));
    const after = await references();
    expect(after.length).toBe(MODELS);
    expect(after.filter((r) => Number(r.fits) !== 1), 'versions fitted again after the restart').toEqual([]);
  });
});

describe('a reference uploaded after its traffic', () => {
  const START = Date.UTC(2026, 10, 5);
  const MODEL = 'late-upload';
  let mw: ModelwatchUnderTest;
  let sqlPort: number;
  let dir: string;

  beforeAll(async () => {
    sqlPort = await freePort();
    mw = await startModelwatchForTest({
      MODELWATCH_SQL_PORT: String(sqlPort),
      MODELWATCH_METRICS_ALLOWED_LATENESS_MS: '0',
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
      // Longer than the traffic: no first-traffic reference, the upload is the version's first.
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(24 * 60 * MINUTE),
    });
    dir = await mkdtemp(join(tmpdir(), 'modelwatch-reference-late-'));
  }, 120_000);

  afterAll(async () => {
    await mw?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const drift = () => mw.rows<{ start: string; segment: string; status: string; reference_id: string }>(
    `SELECT toUnixTimestamp64Milli(window_start) AS start, segment_value AS segment, status, reference_id FROM model_metrics FINAL
     WHERE model_id = {model:String} AND metric = 'drift' AND feature = 'amount' ORDER BY segment_value, window_start`,
    { model: MODEL },
  );

  it('scores the windows counted before the upload against it, replacing their no_reference rows, newest first on the metrics topic', { timeout: 300_000 }, async () => {
    // Five minutes of traffic, amount shifted in minutes 1 and 2, with a feature the reference will not have.
    const kafka = new Kafka({ clientId: 'reference-late-upload', brokers: [...mw.config.kafka.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const messages = [];
    for (let minute = 0; minute < 5; minute++) {
      const shift = minute === 1 || minute === 2 ? 60 : 0;
      for (let i = 0; i < 600; i++) {
        const n = minute * 600 + i;
        messages.push({
          key: `p${n}`,
          value: JSON.stringify({
            model_id: MODEL, model_version: 'v1', prediction_id: `p${n}`, timestamp: START + minute * MINUTE + i * 100,
            features: { amount: ((n * 37) % 100) + 0.5 + shift, channel: n % 3 === 0 ? 'web' : 'app', extra: n % 10 },
            prediction: n % 4 === 0 ? 'fraud' : 'legit', segments: { region: n % 2 === 0 ? 'eu' : 'us' },
          }),
        });
      }
    }
    await producer.send({ topic: mw.topics.inference, messages });
    await producer.send({ topic: mw.topics.inference, messages: clockTicks(mw.config.kafka.topicPartitions, START + 10 * MINUTE) });
    await producer.disconnect();

    // Counted and evaluated without a reference: every window of every series says no_reference.
    const before = await waitFor(async () => {
      const rows = await drift();
      return rows.length === 15 ? rows : undefined;
    }, 'no_reference drift of the 15 windows (5 minutes x 3 series)', 120_000, 500);
    expect(before.every((r) => r.status === 'no_reference')).toBe(true);
    const [extra] = await mw.rows<{ n: string }>(`SELECT count() AS n FROM model_metrics FINAL WHERE model_id = {model:String} AND metric = 'drift' AND feature = 'extra'`, { model: MODEL });
    expect(Number(extra?.n)).toBe(15);

    const lines = ['prediction_id,amount,channel,prediction'];
    for (let i = 0; i < 2000; i++) lines.push(`r${i},${(i % 100) + 0.5},${i % 3 === 0 ? 'web' : 'app'},${i % 4 === 0 ? 'fraud' : 'legit'}`);
    const file = join(dir, 'reference.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const uploadedAt = Date.now();
    const env = { ...process.env, MODELWATCH_DATA_DIR: mw.config.dataDir, MODELWATCH_SQL_PORT: String(sqlPort), MODELWATCH_LOG_LEVEL: 'warn' };
    await run(process.execPath, [CLI, 'reference', 'upload', '--model', MODEL, '--version', 'v1', file], { env });
    const [stored] = await mw.rows<{ reference_id: string }>(`SELECT reference_id FROM reference_profiles WHERE model_id = {model:String}`, { model: MODEL });

    const after = await waitFor(async () => {
      const rows = await drift();
      return rows.length === 15 && rows.every((r) => r.status !== 'no_reference') ? rows : undefined;
    }, 'drift of every window scored against the uploaded reference', 120_000, 500);
    expect(after.every((r) => r.reference_id === stored!.reference_id)).toBe(true);
    const whole = after.filter((r) => r.segment === '').map((r) => [(Number(r.start) - START) / MINUTE, r.status]);
    expect(whole).toEqual([[0, 'ok'], [1, 'alert'], [2, 'alert'], [3, 'ok'], [4, 'ok']]);

    // Replaced, not added to: no no_reference row is left (the extra feature's drift rows went
    // too: a window scored against a reference has none for a feature the reference lacks).
    const left = await mw.rows<{ metric: string; feature: string; n: string }>(
      `SELECT metric, feature, count() AS n FROM model_metrics FINAL WHERE model_id = {model:String} AND status = 'no_reference' GROUP BY metric, feature`,
      { model: MODEL },
    );
    expect(left).toEqual([]);
    const [counts] = await mw.rows<{ rows: string; keys: string; new_feature: string }>(
      `SELECT count() AS rows, uniqExact(metric, feature, window_start, segment_name, segment_value) AS keys,
              countIf(metric = 'new_feature' AND feature = 'extra') AS new_feature
       FROM model_metrics FINAL WHERE model_id = {model:String}`,
      { model: MODEL },
    );
    expect(Number(counts?.rows)).toBe(Number(counts?.keys));
    expect(Number(counts?.new_feature)).toBe(15);

    // The metric events of the scored windows: every window again, newest first within its series,
    // so an alerts service that sees only these (restarted just before) raises nothing for old windows.
    const events = await metricEvents(kafka, mw.topics.metrics, (e) => e.model_id === MODEL && e.computed_at >= uploadedAt && e.metrics.some((m) => m.metric === 'drift' && m.status !== 'no_reference'), 15);
    for (const segment of ['', 'eu', 'us']) {
      const starts = events.filter((e) => e.segment_value === segment).map((e) => (e.window_start - START) / MINUTE);
      expect(starts, `segment ${segment}`).toEqual([4, 3, 2, 1, 0]);
    }
    const engine = new RuleEngine(DEFAULT_RULES);
    const raised = events.flatMap((e) => engine.evaluate(e, Date.now()));
    expect(raised.filter((a) => a.state === 'firing')).toEqual([]);
  });
});

/** Metric events from the start of the topic that match, in topic order, once `count` of them are there. */
async function metricEvents(kafka: Kafka, topic: string, matches: (e: MetricEvent) => boolean, count: number): Promise<MetricEvent[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(4).toString('hex')}`, sessionTimeout: 10_000 });
  const found: MetricEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${found.length} of ${count} metric events`)), 60_000);
      consumer.run({
        eachMessage: async ({ message }) => {
          const parsed = parseMetricEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
          if (!parsed.ok || !matches(parsed.value)) return;
          found.push(parsed.value);
          if (found.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    await consumer.disconnect();
  }
  return found;
}
