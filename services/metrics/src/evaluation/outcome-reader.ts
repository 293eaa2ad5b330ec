import { windowStart, type OutcomeRecord } from '@modelwatch/core';
import type { Warehouse } from '@modelwatch/warehouse';

/** Joined outcomes of (model, base window) pairs, read back from `joined_outcomes`. */
export interface OutcomeWindow {
  readonly modelId: string;
  readonly windowStartMs: number;
}

interface Row {
  model_id: string;
  model_version: string;
  prediction_id: string;
  ts: string | number;
  prediction_value: number | null;
  prediction_label: string | null;
  scores: Record<string, number>;
  segments: Record<string, string>;
  label_value: number | null;
  label_class: string | null;
  label_delay_ms: string | number;
}

/**
 * Performance belongs to the prediction's window and changes as labels arrive (for weeks), so
 * it is computed from `joined_outcomes` when a window is evaluated: the table holds each
 * outcome once (FINAL folds re-joins), which makes the result exact after any replay.
 */
export class OutcomeReader {
  constructor(
    private readonly warehouse: Pick<Warehouse, 'client'>,
    private readonly windowMs: number,
  ) {}

  /** Outcomes of these windows, grouped by `${modelId}\u0000${windowStartMs}`. */
  async read(windows: readonly OutcomeWindow[]): Promise<Map<string, OutcomeRecord[]>> {
    const grouped = new Map<string, OutcomeRecord[]>();
    if (windows.length === 0) return grouped;
    let from = Infinity;
    let to = -Infinity;
    for (const w of windows) {
      from = Math.min(from, w.windowStartMs);
      to = Math.max(to, w.windowStartMs + this.windowMs);
    }
    const result = await this.warehouse.client.query({
      query: `SELECT model_id, model_version, prediction_id, toUnixTimestamp64Milli(prediction_timestamp) AS ts, prediction_value, prediction_label,
                     scores, segments, label_value, label_class, label_delay_ms
              FROM joined_outcomes FINAL
              WHERE prediction_timestamp >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND prediction_timestamp < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                AND (model_id, intDiv(toUnixTimestamp64Milli(prediction_timestamp), {size:Int64}) * {size:Int64})
                    IN (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {starts:Array(Int64)}))))`,
      query_params: { from, to, size: this.windowMs, models: windows.map((w) => w.modelId), starts: windows.map((w) => w.windowStartMs) },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<Row>()) {
      const outcome: OutcomeRecord = {
        modelId: row.model_id,
        modelVersion: row.model_version,
        predictionId: row.prediction_id,
        predictionTimestampMs: Number(row.ts),
        predictionValue: row.prediction_value,
        predictionLabel: row.prediction_label,
        scores: row.scores,
        segments: row.segments,
        labelValue: row.label_value,
        labelClass: row.label_class,
        labelDelayMs: Number(row.label_delay_ms),
      };
      const key = outcomeWindowKey(outcome.modelId, windowStart(outcome.predictionTimestampMs, this.windowMs));
      const list = grouped.get(key);
      if (list === undefined) grouped.set(key, [outcome]);
      else list.push(outcome);
    }
    return grouped;
  }
}

export function outcomeWindowKey(modelId: string, windowStartMs: number): string {
  return `${modelId}\u0000${windowStartMs}`;
}
