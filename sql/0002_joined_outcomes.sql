-- Predictions joined with their ground truth, one row per (prediction, label event), written by
-- the metrics service's label join (services/metrics/src/label-join). See sql/README.md.
--
-- The sort key is the outcome's identity (model_id, prediction_id, label_event_id): a label
-- delivered twice, or a pair joined again after a replay, replaces its row when parts merge
-- (SELECT ... FINAL folds it at query time); the latest joined_at wins. The partition is the
-- month of the prediction time, which the join chooses the same way every time for a pair
-- (the earliest stored prediction with that id), so a re-joined pair always lands in the
-- partition of its first row.

CREATE TABLE IF NOT EXISTS joined_outcomes
(
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    prediction_id String,
    prediction_timestamp DateTime64(3, 'UTC'),
    prediction_value Nullable(Float64),
    prediction_label Nullable(String),
    scores Map(LowCardinality(String), Float64),
    segments Map(LowCardinality(String), String),
    label_value Nullable(Float64),
    label_class Nullable(String),
    label_timestamp DateTime64(3, 'UTC'),
    label_event_id String,
    label_delay_ms Int64,
    joined_at DateTime64(3, 'UTC'),
    INDEX prediction_time_minmax prediction_timestamp TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(joined_at)
PARTITION BY toYYYYMM(prediction_timestamp)
ORDER BY (model_id, prediction_id, label_event_id)
SETTINGS non_replicated_deduplication_window = 10000;
