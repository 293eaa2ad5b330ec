import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, type Producer } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startModelwatchForTest, type ModelwatchUnderTest } from '../support/modelwatch-under-test.ts';
import { freePort } from '../support/free-port.ts';
import { clockTicks } from '../support/simulator-run.ts';
import { testStack } from '../support/stack.ts';
import { waitFor } from '../support/wait-for.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));
const run = promisify(execFile);
const START = Date.UTC(2026, 10, 4);
const MINUTE = 60_000;
const PER_MINUTE = 300;

/** A distinct support ticket of exactly `length` characters (accents included, each one character). */
function ticket(model: string, n: number, length: number): string {
  return `${model} #${n}: `.padEnd(length, 'la facture est fausse, merci de vérifier. ');
}

/** Ticket lengths like the reference's (1,000 to 5,000 characters, every tenth exactly 5,000), or short ones (300 to 800). */
function ticketLength(n: number, short: boolean): number {
  if (short) return 300 + ((n * 7919) % 500);
  return n % 10 === 3 ? 5000 : 1000 + ((n * 7919) % 4000);
}

/**
 * A text model (a classifier of support tickets) against a running modelwatch: predictions with
 * 5,000-character texts are stored whole and none goes to the DLQ; the metrics count the text
 * feature's data quality and score its length against a reference, fitted on the first minute of
 * traffic or uploaded from a CSV file, so tickets that get shorter are detected as drift.
 */
describe('text features', () => {
  let mw: ModelwatchUnderTest;
  let sqlPort: number;
  let producer: Producer;
  let registry: SchemaRegistry;
  let dir: string;

  beforeAll(async () => {
    sqlPort = await freePort();
    mw = await startModelwatchForTest({
      MODELWATCH_SQL_PORT: String(sqlPort),
      MODELWATCH_METRICS_ALLOWED_LATENESS_MS: '0',
      MODELWATCH_METRICS_IDLE_TIMEOUT_MS: '1000',
      MODELWATCH_METRICS_FLUSH_INTERVAL_MS: '300',
      MODELWATCH_METRICS_REFERENCE_WINDOW_MS: String(MINUTE),
    });
    producer = new Kafka({ clientId: 'text-features-test', brokers: [...mw.config.kafka.brokers], logLevel: 1 }).producer();
    await producer.connect();
    registry = new SchemaRegistry({ host: testStack().schemaRegistryUrl });
    dir = await mkdtemp(join(tmpdir(), 'modelwatch-text-'));
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await mw?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One inference event of minute `minute`; null tickets every 20th event, texts in `queue` every 10th when asked. */
  function event(model: string, minute: number, i: number, options: { short?: boolean; textQueue?: boolean } = {}) {
    const n = minute * PER_MINUTE + i;
    return {
      model_id: model,
      model_version: 'v1',
      prediction_id: `${model}-${n}`,
      timestamp: START + minute * MINUTE + i * 150,
      features: {
        ticket: i % 20 === 5 ? null : ticket(model, n, ticketLength(n, options.short ?? false)),
        queue: options.textQueue && i % 10 === 0 ? ticket(`${model} queue`, n, 400) : i % 3 ? 'billing' : 'delivery',
        amount: (n * 37) % 200,
      },
      prediction: i % 4 ? 'normal' : 'urgent',
    };
  }

  /** Sends minute `minute` of `model`'s traffic, every third event as Avro (through the registry). */
  async function sendMinute(model: string, minute: number, options: { short?: boolean; textQueue?: boolean; avroSchemaId?: number } = {}): Promise<void> {
    const messages = await Promise.all(
      Array.from({ length: PER_MINUTE }, async (_, i) => {
        const e = event(model, minute, i, options);
        const id = options.avroSchemaId;
        const value = id !== undefined && i % 3 === 0
          ? await registry.encode(id, { event_id: null, ...e, scores: null, latency_ms: null, status: null, segments: null, attributions: null })
          : JSON.stringify(e);
        return { key: e.prediction_id, value };
      }),
    );
    await producer.send({ topic: mw.topics.inference, messages });
  }

  const tick = (minute: number) => producer.send({ topic: mw.topics.inference, messages: clockTicks(mw.config.kafka.topicPartitions, START + minute * MINUTE) });

  type Metric = { start: number; value: number | null; sampleSize: number; status: string; referenceId: string | null };
  async function series(model: string, metric: string, feature: string): Promise<Metric[]> {
    const rows = await mw.rows<{ start: string; value: number | null; sample_size: string; status: string; reference_id: string | null }>(
      `SELECT toUnixTimestamp64Milli(window_start) AS start, value, sample_size, status, reference_id FROM model_metrics FINAL
       WHERE model_id = {model:String} AND segment_name = '' AND metric = {metric:String} AND feature = {feature:String} ORDER BY window_start`,
      { model, metric, feature },
    );
    return rows.map((r) => ({ start: Number(r.start) - START, value: r.value, sampleSize: Number(r.sample_size), status: r.status, referenceId: r.reference_id }));
  }
  /** The windows after the reference period (minute 0 of `helpdesk` is its reference). */
  const scored = (rows: readonly Metric[]) => rows.filter((r) => r.start >= MINUTE);
  const valueAt = (rows: readonly Metric[], minute: number) => rows.find((r) => r.start === minute * MINUTE)?.value;

  it('stores 5,000-character texts whole, refuses none, and scores their quality and length drift', { timeout: 300_000 }, async () => {
    // A reference uploaded from a CSV with a free-text column (commas and quotes in it).
    const lines = ['prediction_id,ticket,queue,amount,prediction'];
    for (let n = 0; n < 2000; n++) {
      lines.push(`r${n},"${ticket('upload', n, ticketLength(n, false)).replaceAll('"', '""')}, ""urgent""",${n % 3 ? 'billing' : 'delivery'},${(n * 37) % 200},${n % 4 ? 'normal' : 'urgent'}`);
    }
    const file = join(dir, 'tickets.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const env = { ...process.env, MODELWATCH_DATA_DIR: mw.config.dataDir, MODELWATCH_SQL_PORT: String(sqlPort), MODELWATCH_LOG_LEVEL: 'warn' };
    const { stdout } = await run(process.execPath, [CLI, 'reference', 'upload', '--model', 'helpdesk-uploaded', '--version', 'v1', file], { env });
    expect(stdout).toMatch(/stored reference [0-9a-f]{12} for helpdesk-uploaded v1: 2000 rows, 1 numeric, 1 categorical and 1 text features, prediction/);

    const schema = readFileSync(new URL('../../schemas/inference-event.avsc', import.meta.url), 'utf8');
    const { id: avroSchemaId } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${mw.topics.inference}-value` });

    // Minute 0: the first traffic of `helpdesk` (its reference), and uploaded-like traffic of the other.
    await sendMinute('helpdesk', 0, { avroSchemaId });
    await sendMinute('helpdesk-uploaded', 0);
    await tick(1);
    const reference = await waitFor(async () => {
      const [row] = await mw.rows<{ reference_id: string; profile: string }>(`SELECT reference_id, profile FROM reference_profiles WHERE model_id = 'helpdesk' AND source = 'window'`);
      return row;
    }, 'the reference fitted on the first minute', 120_000, 500);
    const features = JSON.parse(reference.profile).features;
    expect(features.ticket).toMatchObject({ text: true, profile: { kind: 'numeric' } });
    expect(features.ticket.sample.at(-1)).toBe(5000);
    expect(features.queue.profile.kind).toBe('categorical');

    // Minute 1: like the reference (helpdesk), shorter tickets (uploaded); minute 2: shorter tickets, and texts sent as queues.
    await sendMinute('helpdesk', 1);
    await sendMinute('helpdesk-uploaded', 1, { short: true });
    await sendMinute('helpdesk', 2, { short: true, textQueue: true });
    await tick(3);

    // Every event is stored, whole: the JSON and the Avro ones alike.
    const count = async (where: string) => Number((await mw.rows<{ c: string }>(`SELECT count() AS c FROM inference_events WHERE ${where}`))[0]?.c);
    await waitFor(async () => ((await count(`model_id IN ('helpdesk', 'helpdesk-uploaded')`)) === 5 * PER_MINUTE ? true : undefined), 'every prediction stored', 120_000, 500);
    for (const n of [3, 13, 303]) {
      const sent = ticket('helpdesk', n, 5000);
      const [row] = await mw.rows<{ ticket: string; characters: string }>(
        `SELECT categorical_features['ticket'] AS ticket, lengthUTF8(ticket) AS characters FROM inference_events WHERE prediction_id = {id:String}`,
        { id: `helpdesk-${n}` },
      );
      expect(Number(row?.characters), `helpdesk-${n} (${n < PER_MINUTE && n % 3 === 0 ? 'Avro' : 'JSON'})`).toBe(5000);
      expect(row?.ticket === sent, `helpdesk-${n}: the stored text is the one sent`).toBe(true);
    }
    expect(await count(`model_id = 'helpdesk' AND length(categorical_features['ticket']) > 256`)).toBeGreaterThan(800);
    expect(Number((await mw.rows<{ c: string }>('SELECT count() AS c FROM ingest_rejections'))[0]?.c)).toBe(0);

    // Drift of the text feature: its length, against each reference.
    const drift = await waitFor(async () => {
      const rows = await series('helpdesk', 'drift', 'ticket');
      return rows.filter((r) => r.start >= MINUTE).length === 2 ? rows : undefined;
    }, 'drift of the ticket length in minutes 1 and 2', 120_000, 500);
    expect(scored(drift).map((r) => [r.start / MINUTE, r.status, r.referenceId])).toEqual([[1, 'ok', reference.reference_id], [2, 'alert', reference.reference_id]]);
    const medians = await series('helpdesk', 'text_length_median', 'ticket');
    expect(valueAt(medians, 1)).toBeGreaterThan(2000);
    expect(valueAt(medians, 1)).toBeLessThan(4000);
    expect(valueAt(medians, 2)).toBeGreaterThan(300);
    expect(valueAt(medians, 2)).toBeLessThan(800);
    expect(scored(await series('helpdesk', 'drift_ks_statistic', 'ticket')).map((r) => r.start / MINUTE)).toEqual([1, 2]);
    expect(scored(await series('helpdesk', 'drift', 'amount')).map((r) => r.status)).toEqual(['ok', 'ok']);

    // Its data quality: missing stays missing (every 20th ticket is null), and every ticket present is a text.
    const missing = scored(await series('helpdesk', 'missing_rate', 'ticket'));
    expect(missing.map((r) => [r.start / MINUTE, r.value, r.sampleSize])).toEqual([[1, 0.05, PER_MINUTE], [2, 0.05, PER_MINUTE]]);
    const texts = scored(await series('helpdesk', 'text_value_rate', 'ticket'));
    expect(texts.map((r) => [r.start / MINUTE, r.value, r.sampleSize])).toEqual([[1, 1, 285], [2, 1, 285]]);
    // Texts sent for the categorical queue are counted as texts, not as unseen categories.
    expect(scored(await series('helpdesk', 'text_value_rate', 'queue')).map((r) => r.value)).toEqual([0, 0.1]);
    expect(scored(await series('helpdesk', 'unseen_category_rate', 'queue')).map((r) => [r.value, r.sampleSize])).toEqual([[0, 300], [0, 270]]);
    expect((await series('helpdesk', 'dlq_rate', '')).map((r) => r.value)).toEqual([0, 0, 0]);

    // No text is kept in the window states: they hold counts and lengths.
    const [states] = await mw.rows<{ bytes: string; with_text: string }>(
      `SELECT sum(length(state)) AS bytes, countIf(position(state, 'merci de vérifier') > 0) AS with_text FROM window_states WHERE model_id = 'helpdesk'`,
    );
    expect(Number(states?.with_text)).toBe(0);
    const textBytes = Number((await mw.rows<{ b: string }>(`SELECT sum(length(categorical_features['ticket'])) AS b FROM inference_events WHERE model_id = 'helpdesk'`))[0]?.b);
    expect(Number(states?.bytes)).toBeLessThan(textBytes / 5);

    // The uploaded reference: a text feature too, and the shorter tickets of minute 1 drift against it.
    const uploaded = await waitFor(async () => {
      const rows = await series('helpdesk-uploaded', 'drift', 'ticket');
      return rows.length === 2 ? rows : undefined;
    }, 'drift of the uploaded model', 120_000, 500);
    expect(uploaded.map((r) => r.status)).toEqual(['ok', 'alert']);
    expect((await series('helpdesk-uploaded', 'text_value_rate', 'ticket')).map((r) => r.value)).toEqual([1, 1]);
  });
});
