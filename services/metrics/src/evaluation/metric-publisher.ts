import type { Producer } from 'kafkajs';
import type { WindowMetrics } from './metric-writer.ts';

/** Bytes per produce request: Kafka refuses a record batch above the topic's max.message.bytes (2 MiB here, 1 MiB by default). */
const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Publishes each evaluated window to the metrics topic for the rules engine: one record per
 * window and series, keyed by model id (a model's windows stay in order on one partition).
 * A window evaluated again (late data, late labels) is published again with its new values.
 */
export class MetricPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(windows: readonly WindowMetrics[], computedAtMs: number): Promise<void> {
    if (windows.length === 0) return;
    let messages: { key: string; value: string }[] = [];
    let bytes = 0;
    const send = async () => {
      if (messages.length > 0) await this.producer.send({ topic: this.topic, acks: -1, messages });
      messages = [];
      bytes = 0;
    };
    for (const w of windows) {
      const value = JSON.stringify({
        model_id: w.key.modelId,
        model_version: w.key.modelVersion,
        segment_name: w.key.segmentName,
        segment_value: w.key.segmentValue,
        window_start: w.key.windowStartMs,
        window_end: w.windowEndMs,
        reference_id: w.referenceId,
        computed_at: computedAtMs,
        metrics: w.values.map((v) => ({
          metric: v.metric,
          feature: v.feature,
          value: v.value,
          sample_size: v.sampleSize,
          threshold: v.threshold,
          status: v.status,
        })),
      });
      if (bytes + value.length > MAX_REQUEST_BYTES) await send();
      messages.push({ key: w.key.modelId, value });
      bytes += value.length;
    }
    await send();
  }
}
