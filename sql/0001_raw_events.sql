-- Raw events as ingest stores them, one row per valid Kafka record.
--
-- Exactly once: every row keeps the Kafka coordinates it came from (source_topic,
-- source_partition, source_offset). Before a batch is written, ingest looks up which of its
-- offsets are already stored (the by_source_offset projection makes that a range read) and
-- skips them; each insert also carries insert_deduplication_token = topic/partition/first-last
-- so a retried insert is stored once. ReplacingMergeTree on the event identity folds events a
-- producer sent twice under different offsets. See sql/README.md.

CREATE TABLE IF NOT EXISTS inference_events
(
    event_id String,
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    prediction_id String,
    timestamp DateTime64(3, 'UTC'),
    numeric_features Map(LowCardinality(String), Float64),
    categorical_features Map(LowCardinality(String), String),
    missing_features Array(LowCardinality(String)),
    prediction_value Nullable(Float64),
    prediction_label Nullable(String),
    scores Map(LowCardinality(String), Float64),
    latency_ms Nullable(Float64),
    status Enum8('ok' = 1, 'error' = 2),
    segments Map(LowCardinality(String), String),
    attributions Map(LowCardinality(String), Float64),
    source_topic LowCardinality(String),
    source_partition UInt32,
    source_offset UInt64,
    ingested_at DateTime64(3, 'UTC'),
    INDEX prediction_id_bloom prediction_id TYPE bloom_filter(0.01) GRANULARITY 4,
    PROJECTION by_source_offset (SELECT source_topic, source_partition, source_offset ORDER BY source_topic, source_partition, source_offset)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (model_id, model_version, timestamp, event_id)
SETTINGS non_replicated_deduplication_window = 10000, deduplicate_merge_projection_mode = 'rebuild';

CREATE TABLE IF NOT EXISTS ground_truth_events
(
    event_id String,
    model_id LowCardinality(String),
    prediction_id String,
    label_value Nullable(Float64),
    label_class Nullable(String),
    timestamp DateTime64(3, 'UTC'),
    source_topic LowCardinality(String),
    source_partition UInt32,
    source_offset UInt64,
    ingested_at DateTime64(3, 'UTC'),
    INDEX prediction_id_bloom prediction_id TYPE bloom_filter(0.01) GRANULARITY 4,
    PROJECTION by_source_offset (SELECT source_topic, source_partition, source_offset ORDER BY source_topic, source_partition, source_offset)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (model_id, timestamp, event_id)
SETTINGS non_replicated_deduplication_window = 10000, deduplicate_merge_projection_mode = 'rebuild';

-- Records ingest refused. The record itself, with its bytes, is on the DLQ topic; this table
-- lets analysts count rejections by model and reason, and tells ingest on replay which
-- refused offsets it has already sent to the DLQ.
CREATE TABLE IF NOT EXISTS ingest_rejections
(
    source_topic LowCardinality(String),
    source_partition UInt32,
    source_offset UInt64,
    model_id LowCardinality(String),
    error_kind LowCardinality(String),
    reason String,
    record_bytes UInt32,
    rejected_at DateTime64(3, 'UTC'),
    PROJECTION by_source_offset (SELECT source_topic, source_partition, source_offset ORDER BY source_topic, source_partition, source_offset)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (source_topic, source_partition, source_offset)
SETTINGS non_replicated_deduplication_window = 10000, deduplicate_merge_projection_mode = 'rebuild';
