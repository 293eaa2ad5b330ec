import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { validateGroundTruthEvent, validateInferenceEvent } from '@modelwatch/core';
import { murmur2Partition, readRecords } from '../support/read-records.ts';
import { testStack } from '../support/stack.ts';

/**
 * The Python example with Confluent's own client (librdkafka; fastavro through its
 * AvroSerializer), read back with kafkajs: every event decodes, is keyed by prediction_id, lands
 * where kafkajs and Java would put the key, and passes modelwatch's validators with the values
 * the script sent. Python with confluent-kafka[avro] is required, never skipped.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'packages/sdk/examples/python/publish_events.py';
const INSTALL = 'pip install -r packages/sdk/examples/python/requirements.txt';
const PYTHON = process.env['PYTHON'] ?? 'python3';
const PARTITIONS = 3;

interface Sent {
  readonly topic: string;
  readonly key: string;
  readonly event: Record<string, unknown>;
}


let pythonChecked = false;

/** Fails, with the command that fixes it, when Python or the client with its Avro extra is missing. */
function requirePythonClient(): void {
  if (pythonChecked) return;
  const probe = spawnSync(PYTHON, ['-c', 'import confluent_kafka, fastavro; from confluent_kafka.schema_registry.avro import AvroSerializer; print(confluent_kafka.version()[0])'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? `${PYTHON} could not be started (${probe.error.message})` : `${PYTHON} cannot import confluent_kafka with its Avro serializer: ${probe.stderr.trim().split('\n').pop()}`;
    throw new Error(`${why}. Install the example's requirements first: ${INSTALL}`);
  }
  pythonChecked = true;
}

function runExample(args: string[]): Sent[] {
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`${PYTHON} ${SCRIPT} could not run: ${run.error.message}. ${INSTALL}`);
  if (run.status !== 0) throw new Error(`${SCRIPT} exited with ${run.status}:\n${run.stderr}`);
  const summary = JSON.parse(run.stderr.trim().split('\n')[0] ?? '{}') as { sent?: number; acked?: number };
  const sent = run.stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Sent);
  expect(summary.acked).toBe(sent.length);
  return sent;
}



describe('Python example (confluent-kafka) read back with kafkajs', () => {
  const stack = testStack();
  const kafka = new Kafka({ clientId: 'python-producer-test', brokers: [...stack.brokers], logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const registry = new SchemaRegistry({ host: stack.schemaRegistryUrl });

  beforeAll(async () => {
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin.disconnect();
  });

  for (const encoding of ['json', 'avro'] as const) {
    it(`${encoding}: every event decodes, is keyed by prediction_id and validates with the values sent`, async () => {
      // In the test, not in beforeAll: a missing client fails these tests by name, never skips them.
      requirePythonClient();
      const prefix = `t${randomBytes(5).toString('hex')}.`;
      const topics = { inference: `${prefix}inference`, groundTruth: `${prefix}ground-truth` };
      await admin.createTopics({
        waitForLeaders: true,
        topics: [topics.inference, topics.groundTruth].map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      });
      const count = 40;
      const model = `py-${encoding}`;
      const sent = runExample([
        '--brokers', stack.brokers.join(','),
        '--registry-url', stack.schemaRegistryUrl,
        '--topic-prefix', prefix,
        '--encoding', encoding,
        '--count', String(count),
        '--model-id', model,
      ]);
      expect(sent).toHaveLength(2 * count);

      const records = await readRecords(kafka, [topics.inference, topics.groundTruth], 2 * count);
      expect(records).toHaveLength(2 * count);
      const received = new Map(records.map((r) => [`${r.topic}/${r.key}`, r]));

      for (const { topic, key, event } of sent) {
        const record = received.get(`${topic}/${key}`);
        expect(record, `${topic}/${key}`).toBeDefined();
        expect(record!.key).toBe(event['prediction_id']);
        expect(event['model_id']).toBe(model);
        // librdkafka with partitioner=murmur2_random agrees with kafkajs and Java.
        expect(record!.partition, `partition of ${key}`).toBe(murmur2Partition(topic, key, PARTITIONS));

        let decoded: unknown;
        if (encoding === 'json') {
          decoded = JSON.parse(record!.value.toString('utf8'));
          expect(decoded).toEqual(event);
        } else {
          expect(record!.value[0], 'Confluent magic byte').toBe(0);
          decoded = await registry.decode(record!.value);
        }

        const inference = topic === topics.inference;
        const check = inference ? validateInferenceEvent(decoded) : validateGroundTruthEvent(decoded);
        if (!check.ok) throw new Error(`${topic}/${key} does not validate: ${check.reason}`);
        const expected = inference ? validateInferenceEvent(event) : validateGroundTruthEvent(event);
        if (!expected.ok) throw new Error(`the script sent an invalid event: ${expected.reason}`);
        expect(check.value).toEqual(expected.value);
      }

      if (encoding === 'avro') {
        // Registered by the Python serializer under TopicNameStrategy subjects.
        for (const topic of [topics.inference, topics.groundTruth]) {
          const response = await fetch(`${stack.schemaRegistryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}/versions`);
          expect(response.status, `subject ${topic}-value`).toBe(200);
        }
      }
    }, 180_000);
  }
});
