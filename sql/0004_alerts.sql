-- The alerting service's tables (services/alerts): the history of every alert state change,
-- the notification outbox, and the notification log that deduplicates across restarts.
-- See sql/README.md.

-- Every state change of every alert, as published on modelwatch.alerts (pending, firing,
-- resolved). A change replayed after a crash has the same key and collapses on merge.
CREATE TABLE IF NOT EXISTS alerts
(
    fingerprint String,
    rule_id LowCardinality(String),
    state Enum8('pending' = 1, 'firing' = 2, 'resolved' = 3),
    severity Enum8('info' = 1, 'warning' = 2, 'critical' = 3),
    model_id LowCardinality(String),
    labels Map(String, String),
    annotations Map(String, String),
    value Nullable(Float64),
    threshold Nullable(Float64),
    window_start Nullable(DateTime64(3, 'UTC')),
    window_end Nullable(DateTime64(3, 'UTC')),
    starts_at DateTime64(3, 'UTC'),
    ends_at Nullable(DateTime64(3, 'UTC')),
    timestamp DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (model_id, rule_id, fingerprint, timestamp, state);

-- One row per delivery of a notification to one integration of a receiver (a receiver with
-- Slack and email has two). Each attempt writes a new version of the row; the newest wins.
-- `pending` rows are retried, after a restart too; `failed` rows were refused for good (a 4xx)
-- and stay for an operator to see; nothing is deleted.
CREATE TABLE IF NOT EXISTS notification_outbox
(
    notification_id String,
    integration String,
    receiver LowCardinality(String),
    kind LowCardinality(String),
    group_key String,
    status Enum8('pending' = 1, 'delivered' = 2, 'failed' = 3),
    attempts UInt32,
    next_attempt_at DateTime64(3, 'UTC'),
    last_error String,
    receiver_data String,
    notification String CODEC(ZSTD(3)),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (notification_id, integration);

-- Alertmanager's notification log: what each receiver was last told about each group, so a
-- restarted service neither repeats nor forgets a notification. The newest entry wins.
CREATE TABLE IF NOT EXISTS notification_log
(
    group_key String,
    receiver LowCardinality(String),
    entry String,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (group_key, receiver);
