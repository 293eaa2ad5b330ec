import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Kafka } from 'kafkajs';
import { topicNames } from '@modelwatch/core';
import { startModelwatch, type RunningModelwatch } from 'modelwatch';
import { loadConfig } from '@modelwatch/core';
import { createLogger } from '@modelwatch/telemetry';
import { testConfig } from '../support/modelwatch-under-test.ts';
import { freePort } from '../support/free-port.ts';
import { waitFor } from '../support/wait-for.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));


/**
 * The same build split over two processes: one owns the embedded warehouse and serves SQL
 * (`--targets sql-endpoint`), the other ingests (`--targets ingest`) and writes through that
 * endpoint as it would to a ClickHouse server.
 */
describe('split targets: sql-endpoint and ingest in two processes', () => {
  const { config: base, dataDir } = testConfig();
  let owner: ChildProcess;
  let ingest: RunningModelwatch;
  let sql: ClickHouseClient;
  let sqlPort: number;
  let output = '';

  beforeAll(async () => {
    sqlPort = await freePort();
    const opsPort = await freePort();
    owner = spawn(process.execPath, [CLI, 'run', '--targets', 'sql-endpoint'], {
      env: { ...process.env, MODELWATCH_DATA_DIR: dataDir, MODELWATCH_SQL_PORT: String(sqlPort), MODELWATCH_HTTP_PORT: String(opsPort), MODELWATCH_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    owner.stdout!.on('data', (d) => (output += d));
    owner.stderr!.on('data', (d) => (output += d));
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status === 200 ? true : undefined), `the warehouse owner to be ready (${output})`);

    const config = loadConfig({
      env: {
        MODELWATCH_KAFKA_BROKERS: base.kafka.brokers.join(','),
        MODELWATCH_TOPIC_PREFIX: base.kafka.topicPrefix,
        MODELWATCH_GROUP_PREFIX: base.kafka.groupPrefix,
        MODELWATCH_CLICKHOUSE_URL: `http://127.0.0.1:${sqlPort}`,
        MODELWATCH_TARGETS: 'ingest',
        MODELWATCH_HTTP_PORT: '0',
        MODELWATCH_LOG_LEVEL: 'warn',
      },
    });
    ingest = await startModelwatch(config, createLogger({ level: 'warn' }));
    sql = createClient({ url: `http://127.0.0.1:${sqlPort}`, database: 'modelwatch' });
  });

  afterAll(async () => {
    await sql?.close();
    await ingest?.stop();
    if (owner && owner.exitCode === null) {
      owner.kill('SIGTERM');
      await new Promise((r) => owner.once('exit', r));
    }
  });

  it('runs only the modules each process asked for', () => {
    expect(ingest.modules.names).toEqual(['warehouse', 'ingest']);
    expect(output).toContain('modelwatch running: warehouse, sql-endpoint');
  });

  it('stores events through the other process, exactly once, and serves them to SQL clients', async () => {
    const topics = topicNames(base.kafka.topicPrefix);
    const producer = new Kafka({ clientId: 'split-test', brokers: [...base.kafka.brokers], logLevel: 1 }).producer();
    await producer.connect();
    const events = Array.from({ length: 500 }, (_, i) => ({
      model_id: 'split', model_version: '1', prediction_id: `s${i}`, timestamp: Date.UTC(2026, 10, 28) + i, features: { x: i }, prediction: i % 3,
    }));
    await producer.send({
      topic: topics.inference,
      messages: [...events.map((e) => ({ key: e.prediction_id, value: JSON.stringify(e) })), { key: 'bad', value: '{"model_id": 1}' }],
    });
    await producer.disconnect();

    const count = async (query: string) => Number((await (await sql.query({ query, format: 'JSONEachRow' })).json<{ c: string }>())[0]!.c);
    await waitFor(async () => ((await count('SELECT count() AS c FROM inference_events')) === 500 ? true : undefined), '500 rows through the endpoint');
    await waitFor(async () => ((await count('SELECT count() AS c FROM ingest_rejections')) === 1 ? true : undefined), 'the rejection through the endpoint');
    expect(await count('SELECT uniqExact(source_partition, source_offset) AS c FROM inference_events')).toBe(500);
    const sum = await (await sql.query({ query: 'SELECT sum(numeric_features[{f:String}]) AS s FROM inference_events WHERE model_id = {m:String}', query_params: { f: 'x', m: 'split' }, format: 'JSONEachRow' })).json<{ s: number }>();
    expect(sum[0]!.s).toBe((499 * 500) / 2);

    const cli = spawnSync(process.execPath, [CLI, 'query', "SELECT model_id, count() FROM inference_events GROUP BY model_id"], {
      env: { ...process.env, MODELWATCH_SQL_PORT: String(sqlPort) },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout.trim()).toBe('split\t500');
  });
});
