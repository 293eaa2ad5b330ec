import type { GroundTruthRecord, InferenceRecord } from '@modelwatch/core';
import type { RowBinaryWriter } from '@modelwatch/warehouse';

/** Where a stored row came from in Kafka. Every raw row carries it (see sql/README.md). */
export interface SourcePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * How one kind of event becomes a row of its raw table: the columns in order and a writer
 * that emits one row of RowBinary. The order here must match `columns`.
 */
export interface EventTable<T> {
  readonly table: string;
  readonly columns: readonly string[];
  writeRow(out: RowBinaryWriter, record: T, source: SourcePosition, ingestedAtMs: number): void;
  modelOf(record: T): string;
}

const SOURCE_COLUMNS = ['source_topic', 'source_partition', 'source_offset', 'ingested_at'] as const;

function writeSource(out: RowBinaryWriter, source: SourcePosition, ingestedAtMs: number): void {
  out.string(source.topic);
  out.uint32(source.partition);
  out.uint64(source.offset);
  out.int64(ingestedAtMs);
}

export const INFERENCE_TABLE: EventTable<InferenceRecord> = {
  table: 'inference_events',
  columns: [
    'event_id', 'model_id', 'model_version', 'prediction_id', 'timestamp',
    'numeric_features', 'categorical_features', 'missing_features',
    'prediction_value', 'prediction_label', 'scores', 'latency_ms', 'status',
    'segments', 'attributions', ...SOURCE_COLUMNS,
  ],
  writeRow(out, r, source, ingestedAtMs) {
    out.string(r.eventId);
    out.string(r.modelId);
    out.string(r.modelVersion);
    out.string(r.predictionId);
    out.int64(r.timestampMs);
    out.float64Map(r.numericFeatures);
    out.stringMap(r.categoricalFeatures);
    out.stringArray(r.missingFeatures);
    out.nullableFloat64(r.predictionValue);
    out.nullableString(r.predictionLabel);
    out.float64Map(r.scores);
    out.nullableFloat64(r.latencyMs);
    out.int8(r.status === 'ok' ? 1 : 2);
    out.stringMap(r.segments);
    out.float64Map(r.attributions);
    writeSource(out, source, ingestedAtMs);
  },
  modelOf: (r) => r.modelId,
};

export const GROUND_TRUTH_TABLE: EventTable<GroundTruthRecord> = {
  table: 'ground_truth_events',
  columns: ['event_id', 'model_id', 'prediction_id', 'label_value', 'label_class', 'timestamp', ...SOURCE_COLUMNS],
  writeRow(out, r, source, ingestedAtMs) {
    out.string(r.eventId);
    out.string(r.modelId);
    out.string(r.predictionId);
    out.nullableFloat64(r.labelValue);
    out.nullableString(r.labelClass);
    out.int64(r.timestampMs);
    writeSource(out, source, ingestedAtMs);
  },
  modelOf: (r) => r.modelId,
};
