import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { ModelwatchUnderTest } from './modelwatch-under-test.ts';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/modelwatch.mjs', import.meta.url));

/**
 * Runs `modelwatch simulate ARGS` as a child process against the test's Kafka and topics.
 * Resolves with its exit code and everything it printed, for the assertion message.
 */
export function runSimulator(mw: ModelwatchUnderTest, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, 'simulate', ...args], {
    env: {
      ...process.env,
      MODELWATCH_KAFKA_BROKERS: mw.config.kafka.brokers.join(','),
      MODELWATCH_TOPIC_PREFIX: mw.config.kafka.topicPrefix,
      MODELWATCH_TOPIC_PARTITIONS: String(mw.config.kafka.topicPartitions),
      MODELWATCH_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** One inference event of the `clock` model per partition at `timestampMs`: moves every partition's watermark there. */
export function clockTicks(partitions: number, timestampMs: number): { partition: number; key: string; value: string }[] {
  return Array.from({ length: partitions }, (_, partition) => ({
    partition,
    key: `tick-${partition}`,
    value: JSON.stringify({ model_id: 'clock', model_version: 'v1', prediction_id: `tick-${partition}`, timestamp: timestampMs, features: {}, prediction: 0 }),
  }));
}

/** Sends clock ticks far ahead on every inference partition, so every window closes. */
export async function closeAllWindows(mw: ModelwatchUnderTest, timestampMs: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-clock', brokers: [...mw.config.kafka.brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: mw.topics.inference, acks: -1, messages: clockTicks(mw.config.kafka.topicPartitions, timestampMs) });
  await producer.disconnect();
}
