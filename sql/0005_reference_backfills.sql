-- Model versions whose windows evaluated before the version had a reference have been scored
-- against it since (services/metrics, evaluation/unreferenced-windows.ts). A version without a
-- row here is looked at again, after a restart too; a row written twice (two processes) folds.
-- See sql/README.md.
CREATE TABLE IF NOT EXISTS reference_backfills
(
    model_id LowCardinality(String),
    model_version LowCardinality(String),
    reference_id String,
    windows UInt64,
    done_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(done_at)
ORDER BY (model_id, model_version);
