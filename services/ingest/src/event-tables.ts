import type { GroundTruthRecord, InferenceRecord } from '@modelwatch/core';
import { NativeBlockWriter } from '@modelwatch/warehouse';

/** Where a stored row came from in Kafka. Every raw row carries it (see sql/README.md). */
export interface SourcePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * How one kind of event becomes rows of its raw table. A batch is written as one Native block
 * (columns, not rows), which the engine reads for about a third of the CPU that the same rows
 * cost as RowBinary.
 */
export interface EventTable<T> {
  readonly table: string;
  /** The block's columns, in the order `newBlock` declares them. */
  readonly columns: readonly string[];
  newBlock(rowsHint: number): EventBlock<T>;
}

export interface EventBlock<T> {
  readonly rows: number;
  append(record: T, source: SourcePosition, ingestedAtMs: number): void;
  /** The block's bytes, for an insert with `format: 'Native'`. */
  bytes(): Buffer;
}

const SOURCE_COLUMNS = ['source_topic', 'source_partition', 'source_offset', 'ingested_at'] as const;

/**
 * The source columns of a block. Columns declared String fill LowCardinality(String) ones (and
 * Map(String, ...) fills Map(LowCardinality(String), ...)): the engine converts on insert.
 */
function sourceColumns(block: NativeBlockWriter): (source: SourcePosition, ingestedAtMs: number) => void {
  const topic = block.string('source_topic');
  const partition = block.uint32('source_partition');
  const offset = block.uint64('source_offset');
  const ingestedAt = block.int64('ingested_at', "DateTime64(3, 'UTC')");
  return (source, ingestedAtMs) => {
    topic.write(source.topic);
    partition.write(source.partition);
    offset.write(source.offset);
    ingestedAt.write(ingestedAtMs);
  };
}

function eventBlock<T>(block: NativeBlockWriter, writeColumns: (record: T) => void): EventBlock<T> {
  const source = sourceColumns(block);
  return {
    get rows() {
      return block.rows;
    },
    append(record, position, ingestedAtMs) {
      writeColumns(record);
      source(position, ingestedAtMs);
      block.endRow();
    },
    bytes: () => block.bytes(),
  };
}

export const INFERENCE_TABLE: EventTable<InferenceRecord> = {
  table: 'inference_events',
  columns: [
    'event_id', 'model_id', 'model_version', 'prediction_id', 'timestamp',
    'numeric_features', 'categorical_features', 'missing_features',
    'prediction_value', 'prediction_label', 'scores', 'latency_ms', 'status',
    'segments', 'attributions', ...SOURCE_COLUMNS,
  ],
  newBlock(rowsHint) {
    const block = new NativeBlockWriter(rowsHint);
    const eventId = block.string('event_id');
    const modelId = block.string('model_id');
    const modelVersion = block.string('model_version');
    const predictionId = block.string('prediction_id');
    const timestamp = block.int64('timestamp', "DateTime64(3, 'UTC')");
    const numericFeatures = block.float64Map('numeric_features');
    const categoricalFeatures = block.stringMap('categorical_features');
    const missingFeatures = block.stringArray('missing_features');
    const predictionValue = block.nullableFloat64('prediction_value');
    const predictionLabel = block.nullableString('prediction_label');
    const scores = block.float64Map('scores');
    const latencyMs = block.nullableFloat64('latency_ms');
    const status = block.int8('status', "Enum8('ok' = 1, 'error' = 2)");
    const segments = block.stringMap('segments');
    const attributions = block.float64Map('attributions');
    return eventBlock(block, (r: InferenceRecord) => {
      eventId.write(r.eventId);
      modelId.write(r.modelId);
      modelVersion.write(r.modelVersion);
      predictionId.write(r.predictionId);
      timestamp.write(r.timestampMs);
      numericFeatures.write(r.numericFeatures);
      categoricalFeatures.write(r.categoricalFeatures);
      missingFeatures.write(r.missingFeatures);
      predictionValue.write(r.predictionValue);
      predictionLabel.write(r.predictionLabel);
      scores.write(r.scores);
      latencyMs.write(r.latencyMs);
      status.write(r.status === 'ok' ? 1 : 2);
      segments.write(r.segments);
      attributions.write(r.attributions);
    });
  },
};

export const GROUND_TRUTH_TABLE: EventTable<GroundTruthRecord> = {
  table: 'ground_truth_events',
  columns: ['event_id', 'model_id', 'prediction_id', 'label_value', 'label_class', 'timestamp', ...SOURCE_COLUMNS],
  newBlock(rowsHint) {
    const block = new NativeBlockWriter(rowsHint);
    const eventId = block.string('event_id');
    const modelId = block.string('model_id');
    const predictionId = block.string('prediction_id');
    const labelValue = block.nullableFloat64('label_value');
    const labelClass = block.nullableString('label_class');
    const timestamp = block.int64('timestamp', "DateTime64(3, 'UTC')");
    return eventBlock(block, (r: GroundTruthRecord) => {
      eventId.write(r.eventId);
      modelId.write(r.modelId);
      predictionId.write(r.predictionId);
      labelValue.write(r.labelValue);
      labelClass.write(r.labelClass);
      timestamp.write(r.timestampMs);
    });
  },
};
