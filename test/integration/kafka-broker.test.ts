import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { testStack } from '../support/stack.ts';

/**
 * kafkajs 2.2.4 (last release, 2023) against the broker the dev stack runs (Kafka 4.x, which
 * dropped old protocol versions, KIP-896): admin, idempotent acks=all produce, classic consumer
 * groups with committed offsets, records near the 2 MB limit.
 */

const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topic = `it.kafka-broker.${run}`;
const bigTopic = `it.kafka-broker.big.${run}`;
const groupId = `it-kafka-broker-${run}`;

const { brokers } = testStack();
const kafka = new Kafka({ clientId: 'it-kafka-broker', brokers, logLevel: logLevel.ERROR });
let admin: Admin;
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.disconnect()));
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [topic, bigTopic] }).catch(() => {});
  await admin?.disconnect();
});

interface Seen {
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
}

/** Runs a member of `groupId` until it has seen `count` records; returns them and its assignment. */
async function consume(count: number, options: { autoCommit: boolean }): Promise<{ consumer: Consumer; seen: Seen[]; assigned: number[] }> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 });
  consumers.push(consumer);
  const seen: Seen[] = [];
  let assigned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned = [...(payload.memberAssignment[topic] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`saw ${seen.length} of ${count} records`)), 45_000);
    consumer
      .run({
        autoCommit: options.autoCommit,
        eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
          seen.push({ partition, offset: Number(message.offset), value: message.value?.toString() ?? '' });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  return { consumer, seen, assigned };
}

const records = (batch: string, partition: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ partition, key: `k${partition}-${i}`, value: `${batch}-p${partition}-${i}` }));

describe('kafkajs 2.2.4 against the dev-stack broker', () => {
  it('admin: creates topics with partitions and describes the one-node cluster', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: bigTopic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] })).toBe(false); // exists already

    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(`${cluster.brokers[0]?.host}:${cluster.brokers[0]?.port}`).toBe(brokers[0]);
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1]);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([topic, bigTopic]));
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
      [0, '0', '0'],
      [1, '0', '0'],
    ]);
  });

  it('produces with acks=-1 through an idempotent producer', async () => {
    const result = await producer.send({ topic, acks: -1, messages: [...records('first', 0, 5), ...records('first', 1, 5)] });
    expect(result.map((r) => [r.partition, r.errorCode, r.baseOffset]).sort()).toEqual([
      [0, 0, '0'],
      [1, 0, '0'],
    ]);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([
      [0, '5'],
      [1, '5'],
    ]);
  });

  it('a group member reads both partitions and commits; the next member resumes after the commit', async () => {
    const first = await consume(10, { autoCommit: false });
    expect(first.assigned).toEqual([0, 1]);
    expect(new Set(first.seen.map((s) => s.partition))).toEqual(new Set([0, 1]));
    expect(first.seen.map((s) => s.value).sort()).toEqual([...records('first', 0, 5), ...records('first', 1, 5)].map((r) => r.value).sort());
    // Per partition, the records arrive in offset order.
    for (const partition of [0, 1]) {
      expect(first.seen.filter((s) => s.partition === partition).map((s) => s.offset)).toEqual([0, 1, 2, 3, 4]);
    }
    await first.consumer.commitOffsets([
      { topic, partition: 0, offset: '5' },
      { topic, partition: 1, offset: '5' },
    ]);
    await first.consumer.disconnect();

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
      [0, '5'],
      [1, '5'],
    ]);

    await producer.send({ topic, acks: -1, messages: [...records('second', 0, 3), ...records('second', 1, 3)] });
    const second = await consume(6, { autoCommit: true });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything older would show up now
    expect(second.assigned).toEqual([0, 1]);
    expect(second.seen.map((s) => s.value).sort()).toEqual([...records('second', 0, 3), ...records('second', 1, 3)].map((r) => r.value).sort());
    expect(Math.min(...second.seen.map((s) => s.offset))).toBe(5);
    await second.consumer.disconnect();

    const afterSecond = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(afterSecond[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
      [0, '8'],
      [1, '8'],
    ]);
  });

  it('carries a 1.9 MB record (message.max.bytes is ~2 MB) and rejects a 3 MB one', async () => {
    const big = randomBytes(1_900_000);
    await producer.send({ topic: bigTopic, acks: -1, messages: [{ value: big }] });
    const consumer = kafka.consumer({ groupId: `${groupId}-big`, maxWaitTimeInMs: 500 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [bigTopic], fromBeginning: true });
    const received = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the big record did not arrive')), 45_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve(message.value ?? Buffer.alloc(0));
          },
        })
        .catch(reject);
    });
    expect(received.equals(big)).toBe(true);

    const quiet = new Kafka({ clientId: 'it-kafka-broker-too-big', brokers, logLevel: logLevel.NOTHING }); // the rejection is expected
    const tooBig = quiet.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await tooBig.connect();
    try {
      await expect(tooBig.send({ topic: bigTopic, acks: -1, messages: [{ value: randomBytes(3_000_000) }] })).rejects.toThrow(/larger than the max message size/);
    } finally {
      await tooBig.disconnect();
    }
  });
});
