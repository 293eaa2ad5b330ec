import { topicNames, type ModelwatchConfig } from '@modelwatch/core';
import type { TopicSpec } from './ensure-topics.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The topics modelwatch creates when they are missing. Retention: telemetry a week (ClickHouse
 * keeps the history), metric events a week, the control log forever (state is derived from it),
 * the DLQ a month. The alerts topic is compacted: it keeps the last state of every alert (its
 * key is the fingerprint), which is what a restarted alerts service rebuilds from; the history
 * of changes is in the `alerts` table. Records up to 2 MiB are accepted so an oversized event still fits in the DLQ.
 */
export function modelwatchTopicSpecs(config: ModelwatchConfig['kafka']): TopicSpec[] {
  const names = topicNames(config.topicPrefix);
  const base = { numPartitions: config.topicPartitions, replicationFactor: config.replicationFactor };
  const entries = (retentionMs: number) => [
    { name: 'retention.ms', value: String(retentionMs) },
    { name: 'max.message.bytes', value: String(2 * 1024 * 1024) },
  ];
  return [
    { topic: names.inference, ...base, configEntries: entries(7 * DAY_MS) },
    { topic: names.groundTruth, ...base, configEntries: entries(7 * DAY_MS) },
    { topic: names.control, ...base, configEntries: entries(-1) },
    { topic: names.metrics, ...base, configEntries: entries(7 * DAY_MS) },
    { topic: names.alerts, ...base, configEntries: [...entries(-1), { name: 'cleanup.policy', value: 'compact' }] },
    { topic: names.dlq, ...base, configEntries: entries(30 * DAY_MS) },
  ];
}
