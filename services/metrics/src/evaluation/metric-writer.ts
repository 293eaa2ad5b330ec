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

/** Writes metric rows to the long-format `model_metrics` table (a window evaluated again replaces its rows). */
export class MetricWriter {
  constructor(private readonly warehouse: Pick<Warehouse, 'insertBinary'>) {}

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
