import type { GroundTruthRecord, InferenceRecord } from '@modelwatch/core';
import { RowBinaryWriter } from '@modelwatch/warehouse';

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
  /**
   * The same rows as one Native block (the columns of `columns`, in that order), which the
   * engine reads for a third of the CPU RowBinary costs it. Ingest writes batches this way.
   */
  newBlock(rowsHint: number): EventBlock<T>;
  modelOf(record: T): string;
}

export interface EventBlock<T> {
  readonly rows: number;
  append(record: T, source: SourcePosition, ingestedAtMs: number): void;
  /** The block's bytes, for an insert with `format: 'Native'`. */
  bytes(): Buffer;
}

type NativeBlock = ReturnType<typeof RowBinaryWriter.nativeBlock>;

/** The source columns of a Native block; LowCardinality(String) is declared String and converted by the engine. */
function sourceColumns(block: NativeBlock): (source: SourcePosition, ingestedAtMs: number) => void {
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
  newBlock(rowsHint) {
    const block = RowBinaryWriter.nativeBlock(rowsHint);
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
    const source = sourceColumns(block);
    return {
      get rows() {
        return block.rows;
      },
      append(r, position, ingestedAtMs) {
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
        source(position, ingestedAtMs);
        block.endRow();
      },
      bytes: () => block.bytes(),
    };
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
  newBlock(rowsHint) {
    const block = RowBinaryWriter.nativeBlock(rowsHint);
    const eventId = block.string('event_id');
    const modelId = block.string('model_id');
    const predictionId = block.string('prediction_id');
    const labelValue = block.nullableFloat64('label_value');
    const labelClass = block.nullableString('label_class');
    const timestamp = block.int64('timestamp', "DateTime64(3, 'UTC')");
    const source = sourceColumns(block);
    return {
      get rows() {
        return block.rows;
      },
      append(r, position, ingestedAtMs) {
        eventId.write(r.eventId);
        modelId.write(r.modelId);
        predictionId.write(r.predictionId);
        labelValue.write(r.labelValue);
        labelClass.write(r.labelClass);
        timestamp.write(r.timestampMs);
        source(position, ingestedAtMs);
        block.endRow();
      },
      bytes: () => block.bytes(),
    };
  },
  modelOf: (r) => r.modelId,
};
