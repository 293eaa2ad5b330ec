/**
 * One measured phase of `npm run bench`, in a process of its own so that its peak memory is
 * its own. Prints one JSON line: { phase, events, seconds, eventsPerSecond, peakRssMiB }.
 *
 *   raw-consumer <brokers> <topic> <events>       kafkajs eachBatch, no processing (the baseline)
 *   ingest <brokers> <prefix> <events> <registry>  modelwatch ingest into a fresh embedded warehouse
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@modelwatch/core';
import { createLogger } from '@modelwatch/telemetry';
import { startModelwatch } from '../start-modelwatch.ts';
import { peakRssMiB } from './peak-memory.ts';

const [phase, brokers, topicOrPrefix, eventsArg, registry] = process.argv.slice(2);
const events = Number(eventsArg);
const FETCH = { maxBytesPerPartition: 16 * 1024 * 1024, minBytes: 1024 * 1024, maxWaitTimeInMs: 500 };

async function rawConsumer(): Promise<{ seconds: number }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [brokers!], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, ...FETCH, maxBytes: 32 * 1024 * 1024 });
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.connect();
  await consumer.subscribe({ topic: topicOrPrefix!, fromBeginning: true });
  // Both phases are timed from the moment the consumer starts running, group join included.
  const start = performance.now();
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= events) done();
    },
  });
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await consumer.disconnect();
  return { seconds };
}

async function ingest(): Promise<{ seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  const config = loadConfig({
    env: {
      MODELWATCH_DATA_DIR: dataDir,
      MODELWATCH_KAFKA_BROKERS: brokers,
      MODELWATCH_TOPIC_PREFIX: topicOrPrefix,
      MODELWATCH_GROUP_PREFIX: `${topicOrPrefix}-`,
      MODELWATCH_SCHEMA_REGISTRY_URL: registry,
      MODELWATCH_TARGETS: 'ingest',
      MODELWATCH_HTTP_PORT: '0',
      MODELWATCH_LOG_LEVEL: 'error',
    },
  });
  const running = await startModelwatch(config, createLogger({ level: 'error' }));
  const start = performance.now();
  const stored = () => [...running.metrics.render().matchAll(/^modelwatch_ingest_events_stored_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
  while (stored() < events) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - start) / 1000;
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { seconds };
}

const { seconds } = phase === 'raw-consumer' ? await rawConsumer() : await ingest();
process.stdout.write(`${JSON.stringify({ phase, events, seconds, eventsPerSecond: Math.round(events / seconds), peakRssMiB: Math.round(peakRssMiB()) })}\n`);
process.exit(0);
