-- The monitoring engine's tables (services/metrics): reference profiles, the mergeable window
-- states behind every metric, the metrics service's checkpoints, and the long-format metrics
-- table analysts and the rules engine read. See sql/README.md.

-- One row per reference profile of a model version. A version may have several (a re-upload);
-- the newest is current, and a window is always scored against the reference it was counted
-- with (window_states remembers its reference_id inside the state).
CREATE TABLE IF NOT EXISTS reference_profiles
(
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    reference_id String,
    source LowCardinality(String),
    rows UInt64,
    profile String CODEC(ZSTD(3)),
    created_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY (model_id, model_version, reference_id);

-- Mergeable window states, as deltas: the state of a window is the merge of all its rows (the
-- on-time close from each source partition plus every late correction). Each row is tagged with
-- the source partition and the checkpoint epoch that wrote it; rows of an epoch whose checkpoint
-- never landed (a crash in between) are deleted by the partition's next owner before it replays.
CREATE TABLE IF NOT EXISTS window_states
(
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    segment_name LowCardinality(String),
    segment_value String,
    window_start DateTime64(3, 'UTC'),
    window_end DateTime64(3, 'UTC'),
    source_topic LowCardinality(String),
    source_partition UInt32,
    epoch UInt64,
    kind Enum8('closed' = 1, 'correction' = 2),
    events UInt64,
    state String CODEC(ZSTD(3)),
    written_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(window_start)
ORDER BY (model_id, model_version, window_start, segment_name, segment_value, source_topic, source_partition, epoch)
SETTINGS non_replicated_deduplication_window = 10000;

-- The metrics service's progress per source partition: where to replay from after a restart,
-- which window starts were still open, and the watermark. The newest epoch is current.
CREATE TABLE IF NOT EXISTS metrics_checkpoints
(
    consumer_group LowCardinality(String),
    source_topic LowCardinality(String),
    source_partition UInt32,
    epoch UInt64,
    next_offset Int64,
    replay_from Int64,
    watermark_ms Int64,
    state String CODEC(ZSTD(3)),
    written_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(epoch)
ORDER BY (consumer_group, source_topic, source_partition);

-- Every metric of every window, one row each: drift per feature, performance, estimated
-- performance, importance, service health and data quality, concept drift. A window evaluated
-- again (late data, late labels) replaces its rows; query with FINAL, or argMax(value, computed_at).
CREATE TABLE IF NOT EXISTS model_metrics
(
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    segment_name LowCardinality(String),
    segment_value String,
    window_start DateTime64(3, 'UTC'),
    window_end DateTime64(3, 'UTC'),
    metric LowCardinality(String),
    feature String,
    value Nullable(Float64),
    sample_size UInt64,
    threshold Nullable(Float64),
    status LowCardinality(String),
    reference_id String,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (model_id, model_version, metric, window_start, segment_name, segment_value, feature);
