import type { WindowKey } from '@modelwatch/core';
import type { RowBinaryWriter } from '@modelwatch/warehouse';

/** The columns that name a window in `window_states` and `model_metrics`, in their table order. */
export const WINDOW_KEY_COLUMNS = ['model_id', 'model_version', 'segment_name', 'segment_value', 'window_start', 'window_end'] as const;

export function writeWindowKey(w: RowBinaryWriter, key: WindowKey, windowEndMs: number): void {
  w.string(key.modelId);
  w.string(key.modelVersion);
  w.string(key.segmentName);
  w.string(key.segmentValue);
  w.int64(key.windowStartMs);
  w.int64(windowEndMs);
}
