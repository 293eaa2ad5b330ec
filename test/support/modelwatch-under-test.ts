import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, topicNames, type ModelwatchConfig, type TopicNames } from '@modelwatch/core';
import { startModelwatch, type RunningModelwatch } from 'modelwatch';
import { WAREHOUSE } from '@modelwatch/runtime';
import { createLogger } from '@modelwatch/telemetry';
import type { Warehouse } from '@modelwatch/warehouse';
import { testStack } from './stack.ts';

export interface ModelwatchUnderTest {
  readonly config: ModelwatchConfig;
  readonly topics: TopicNames;
  readonly warehouse: Warehouse;
  readonly running: RunningModelwatch;
  /** Runs a query on the warehouse and returns its rows. */
  rows<T = Record<string, unknown>>(query: string, params?: Record<string, unknown>): Promise<T[]>;
  stop(): Promise<void>;
}

/** Settings for a test: a fresh data dir and topic prefix, ports picked by the OS. */
export function testConfig(extraEnv: Record<string, string> = {}, file?: Record<string, unknown>): { config: ModelwatchConfig; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-test-'));
  const stack = testStack();
  const id = randomBytes(4).toString('hex');
  const config = loadConfig({
    ...(file ? { file } : {}),
    env: {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: stack.brokers.join(','),
      MODELWATCH_SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
      MODELWATCH_TOPIC_PREFIX: `t${id}.`,
      MODELWATCH_GROUP_PREFIX: `t${id}-`,
      MODELWATCH_TOPIC_PARTITIONS: '3',
      MODELWATCH_HTTP_PORT: '0',
      MODELWATCH_SQL_PORT: '0',
      MODELWATCH_ALERTS_API_PORT: '0',
      MODELWATCH_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
  });
  return { config, dataDir };
}

/** Starts modelwatch in this test process with a fresh embedded warehouse. */
export async function startModelwatchForTest(extraEnv: Record<string, string> = {}, file?: Record<string, unknown>): Promise<ModelwatchUnderTest> {
  const { config, dataDir } = testConfig(extraEnv, file);
  const running = await startModelwatch(config, createLogger({ level: config.log.level }));
  const warehouse = running.modules.use(WAREHOUSE);
  if (!warehouse) throw new Error('the warehouse module did not start');
  return {
    config,
    topics: topicNames(config.kafka.topicPrefix),
    warehouse,
    running,
    async rows<T>(query: string, params: Record<string, unknown> = {}) {
      const result = await warehouse.client.query({ query, query_params: params, format: 'JSONEachRow' });
      return result.json<T>();
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
