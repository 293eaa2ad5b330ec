import {
  addTo, seriesOf, windowKeyString, windowStart,
  type InferenceRecord, type MergeableAggregate, type ModelWindowState, type ReferenceProfile, type WindowInput, type WindowKey,
} from '@modelwatch/core';
import type { Warehouse } from '@modelwatch/warehouse';

/** A window to count again: against this reference, with the rejected records its stored state counted. */
export interface RecountRequest {
  readonly key: WindowKey;
  readonly reference: ReferenceProfile;
  readonly rejected: number;
}

interface EventRow {
  event_id: string;
  model_id: string;
  model_version: string;
  prediction_id: string;
  ts: string | number;
  numeric_features: Record<string, number>;
  categorical_features: Record<string, string>;
  missing_features: string[];
  prediction_value: number | null;
  prediction_label: string | null;
  scores: Record<string, number>;
  latency_ms: number | null;
  status: 'ok' | 'error';
  segments: Record<string, string>;
  attributions: Record<string, number>;
}

/** Rows read per query: a window of a busy model is read in pages, never whole into memory at once. */
const PAGE_ROWS = 20_000;

/**
 * The inference side of windows counted again from their events in `inference_events`, against
 * a reference: for windows whose events were counted (some or all) before their version had a
 * reference. Their stored state cannot be scored: it kept no bins for those events, only their
 * count and feature names. The events are read with FINAL, as the batch recomputation reads them,
 * so an event a producer sent twice counts once here; the DLQ's rejected records are not in the
 * table, so the stored state's count of them is carried over.
 */
export class WindowRecount {
  private readonly pageRows: number;

  constructor(
    private readonly warehouse: Pick<Warehouse, 'client'>,
    private readonly windowMs: number,
    private readonly aggregate: MergeableAggregate<WindowInput, ModelWindowState>,
    options: { readonly pageRows?: number } = {},
  ) {
    this.pageRows = options.pageRows ?? PAGE_ROWS;
  }

  /** The recounted state of each requested window, by windowKeyString (only windows with at least one event). */
  async count(requests: readonly RecountRequest[]): Promise<Map<string, ModelWindowState>> {
    const counted = new Map<string, ModelWindowState>();
    if (requests.length === 0) return counted;
    const wanted = new Map<string, RecountRequest>();
    const windows = new Map<string, { modelId: string; modelVersion: string; startMs: number }>();
    let from = Infinity;
    let to = -Infinity;
    for (const r of requests) {
      wanted.set(windowKeyString(r.key), r);
      windows.set(JSON.stringify([r.key.modelId, r.key.modelVersion, r.key.windowStartMs]), { modelId: r.key.modelId, modelVersion: r.key.modelVersion, startMs: r.key.windowStartMs });
      from = Math.min(from, r.key.windowStartMs);
      to = Math.max(to, r.key.windowStartMs + this.windowMs);
    }
    const list = [...windows.values()];
    const params = {
      from, to, size: this.windowMs, page: this.pageRows,
      models: list.map((w) => w.modelId), versions: list.map((w) => w.modelVersion), starts: list.map((w) => w.startMs),
    };
    // Pages in the table's order, each after the last row of the one before (keyset pagination).
    let after: EventRow | null = null;
    for (;;) {
      const result = await this.warehouse.client.query({
        query: `SELECT event_id, model_id, model_version, prediction_id, toUnixTimestamp64Milli(timestamp) AS ts, numeric_features,
                       categorical_features, missing_features, prediction_value, prediction_label, scores, latency_ms, status, segments, attributions
                FROM inference_events FINAL
                WHERE timestamp >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                  AND (model_id, model_version, intDiv(toUnixTimestamp64Milli(timestamp), {size:Int64}) * {size:Int64})
                      IN (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {versions:Array(String)}, {starts:Array(Int64)}))))
                  ${after === null ? '' : `AND (model_id, model_version, timestamp, event_id) > ({afterModel:String}, {afterVersion:String}, fromUnixTimestamp64Milli({afterTs:Int64}, 'UTC'), {afterEvent:String})`}
                ORDER BY model_id, model_version, timestamp, event_id
                LIMIT {page:UInt32}`,
        query_params: after === null ? params : { ...params, afterModel: after.model_id, afterVersion: after.model_version, afterTs: Number(after.ts), afterEvent: after.event_id },
        format: 'JSONEachRow',
      });
      const rows = await result.json<EventRow>();
      for (const row of rows) this.add(row, wanted, counted);
      if (rows.length < this.pageRows) break;
      after = rows[rows.length - 1] as EventRow;
    }
    for (const [id, counts] of counted) {
      const { key, rejected } = wanted.get(id) as RecountRequest;
      let state = counts;
      for (let i = 0; i < rejected; i++) state = addTo(this.aggregate, state, { kind: 'rejected', modelId: key.modelId, modelVersion: key.modelVersion, timestampMs: key.windowStartMs });
      counted.set(id, state);
    }
    return counted;
  }

  private add(row: EventRow, wanted: ReadonlyMap<string, RecountRequest>, counted: Map<string, ModelWindowState>): void {
    const event: InferenceRecord = {
      eventId: row.event_id, modelId: row.model_id, modelVersion: row.model_version, predictionId: row.prediction_id, timestampMs: Number(row.ts),
      numericFeatures: row.numeric_features, categoricalFeatures: row.categorical_features, missingFeatures: row.missing_features,
      predictionValue: row.prediction_value, predictionLabel: row.prediction_label, scores: row.scores, latencyMs: row.latency_ms,
      status: row.status, segments: row.segments, attributions: row.attributions,
    };
    const start = windowStart(event.timestampMs, this.windowMs);
    for (const series of seriesOf(event)) {
      const id = windowKeyString({ ...series, windowStartMs: start });
      const request = wanted.get(id);
      if (request === undefined) continue;
      counted.set(id, addTo(this.aggregate, counted.get(id) ?? this.aggregate.empty(), { kind: 'inference', event, reference: request.reference }));
    }
  }
}
