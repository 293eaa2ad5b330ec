import { Kafka, logLevel } from 'kafkajs';

export interface MetricRowInput {
  readonly metric: string;
  readonly value: number | null;
  readonly feature?: string;
  readonly sampleSize?: number;
  readonly status?: string;
  readonly threshold?: number | null;
}

/** A metric event as the metrics service publishes it, for one window of one unsegmented series. */
export function metricEvent(model: string, windowStart: number, rows: readonly MetricRowInput[], windowMs = 60_000): Record<string, unknown> {
  return {
    model_id: model,
    model_version: '1',
    segment_name: '',
    segment_value: '',
    window_start: windowStart,
    window_end: windowStart + windowMs,
    reference_id: null,
    computed_at: Date.now(),
    metrics: rows.map((r) => ({
      metric: r.metric,
      feature: r.feature ?? '',
      value: r.value,
      sample_size: r.sampleSize ?? 200,
      threshold: r.threshold ?? null,
      status: r.status ?? 'ok',
    })),
  };
}

/** Publishes metric events to the metrics topic, keyed by model as the metrics service does. */
export async function publishMetricEvents(brokers: readonly string[], topic: string, events: readonly Record<string, unknown>[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-metric-events', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: String(e.model_id), value: JSON.stringify(e) })) });
  await producer.disconnect();
}
