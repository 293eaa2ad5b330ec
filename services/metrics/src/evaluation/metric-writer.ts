import type { MetricValue, WindowKey } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import { WINDOW_KEY_COLUMNS, writeWindowKey } from '../windows/window-key-columns.ts';

const COLUMNS = [
  ...WINDOW_KEY_COLUMNS,
  'metric', 'feature', 'value', 'sample_size', 'threshold', 'status', 'reference_id', 'computed_at',
] as const;

/** The metrics of one window of one series. */
export interface WindowMetrics {
  readonly key: WindowKey;
  readonly windowEndMs: number;
  readonly referenceId: string | null;
  readonly values: readonly MetricValue[];
}

/** A row of a window that its newer evaluation no longer has. */
export interface DroppedRow {
  readonly key: WindowKey;
  readonly metric: string;
  readonly feature: string;
}

/** Writes metric rows to the long-format `model_metrics` table (a window evaluated again replaces its rows). */
export class MetricWriter {
  constructor(private readonly warehouse: Pick<Warehouse, 'insertBinary' | 'client'>) {}

  /**
   * Deletes the `no_reference` rows computed before `beforeMs` that a window scored against a
   * reference since then has no row for: a feature the reference lacks has no `drift` row, a
   * reference without a prediction profile no `prediction_drift` row. Rows with the same key are
   * replaced by the new evaluation (ReplacingMergeTree on computed_at); these would stay.
   */
  async deleteUnscored(rows: readonly DroppedRow[], beforeMs: number): Promise<void> {
    if (rows.length === 0) return;
    await this.warehouse.client.command({
      query: `DELETE FROM model_metrics
              WHERE model_id IN {modelIds:Array(String)} AND status = 'no_reference' AND computed_at < fromUnixTimestamp64Milli({before:Int64}, 'UTC')
                AND (model_id, model_version, segment_name, segment_value, toUnixTimestamp64Milli(window_start), metric, feature) IN
                    (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {versions:Array(String)}, {names:Array(String)}, {values:Array(String)},
                                                       {starts:Array(Int64)}, {metrics:Array(String)}, {features:Array(String)}))))`,
      query_params: {
        before: beforeMs,
        modelIds: [...new Set(rows.map((r) => r.key.modelId))],
        models: rows.map((r) => r.key.modelId),
        versions: rows.map((r) => r.key.modelVersion),
        names: rows.map((r) => r.key.segmentName),
        values: rows.map((r) => r.key.segmentValue),
        starts: rows.map((r) => r.key.windowStartMs),
        metrics: rows.map((r) => r.metric),
        features: rows.map((r) => r.feature),
      },
    });
  }

  async write(windows: readonly WindowMetrics[], computedAtMs: number): Promise<number> {
    let rows = 0;
    const w = new RowBinaryWriter(64 * 1024);
    for (const { key, windowEndMs, referenceId, values } of windows) {
      for (const v of values) {
        writeWindowKey(w, key, windowEndMs);
        w.string(v.metric);
        w.string(v.feature);
        w.nullableFloat64(v.value);
        w.uint64(v.sampleSize);
        w.nullableFloat64(v.threshold);
        w.string(v.status);
        w.string(referenceId ?? '');
        w.int64(computedAtMs);
        rows += 1;
      }
    }
    if (rows > 0) await this.warehouse.insertBinary({ table: 'model_metrics', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
    return rows;
  }
}
