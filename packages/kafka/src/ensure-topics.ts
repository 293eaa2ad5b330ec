import type { Admin, Kafka } from 'kafkajs';
import type { ModelwatchConfig } from '@modelwatch/core';
import { modelwatchTopicSpecs } from './modelwatch-topics.ts';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configEntries?: readonly { name: string; value: string }[];
}

/** Creates the topics that do not exist yet; existing topics are left as they are. */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((s) => ({
      topic: s.topic,
      numPartitions: s.numPartitions,
      replicationFactor: s.replicationFactor,
      configEntries: s.configEntries ? [...s.configEntries] : [],
    })),
  });
  return missing.map((s) => s.topic);
}

/** Creates modelwatch's missing topics through a short-lived admin client; returns the ones created. */
export async function ensureModelwatchTopics(kafka: Kafka, config: ModelwatchConfig['kafka']): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, modelwatchTopicSpecs(config));
  } finally {
    await admin.disconnect();
  }
}
