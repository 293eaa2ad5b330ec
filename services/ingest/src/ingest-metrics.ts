import type { Counter, Gauge, MetricsRegistry } from '@modelwatch/telemetry';

/** The series ingest exposes on /metrics. */
export interface IngestMetrics {
  readonly consumed: Counter;
  readonly stored: Counter;
  readonly rejected: Counter;
  readonly skipped: Counter;
  readonly batches: Counter;
  readonly lag: Gauge;
}

export function ingestMetrics(registry: MetricsRegistry): IngestMetrics {
  return {
    consumed: registry.counter('modelwatch_ingest_records_consumed_total', 'Kafka records read by ingest, by topic.'),
    stored: registry.counter('modelwatch_ingest_events_stored_total', 'Events written to the warehouse, by table.'),
    rejected: registry.counter('modelwatch_ingest_records_rejected_total', 'Records sent to the DLQ, by topic and error kind.'),
    skipped: registry.counter('modelwatch_ingest_records_skipped_total', 'Replayed records found already stored, by topic.'),
    batches: registry.counter('modelwatch_ingest_batches_total', 'Batches written, by topic.'),
    lag: registry.gauge('modelwatch_ingest_consumer_lag', 'Records behind the end of each partition after the last batch.'),
  };
}
