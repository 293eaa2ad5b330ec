import type { Warehouse } from '@modelwatch/warehouse';
import type { StoredPrediction } from './joined-outcome.ts';

/** Finds stored predictions of one model by id. The joiner calls it once per model per batch. */
export interface PredictionLookup {
  find(modelId: string, predictionIds: readonly string[]): Promise<Map<string, StoredPrediction>>;
}

interface PredictionRow {
  event_id: string;
  model_version: string;
  prediction_id: string;
  timestamp_ms: string | number;
  prediction_value: number | null;
  prediction_label: string | null;
  scores: Record<string, number>;
  segments: Record<string, string>;
}

/**
 * Looks predictions up in `inference_events`: one query per call, filtered on `model_id` (the
 * sort key's first column) and `prediction_id IN {ids}` (the `prediction_id_bloom` skip index
 * drops the granules that cannot hold any of the ids). When an id was stored more than once,
 * the earliest row wins, ties by smaller event_id: the same choice as `preferredPrediction`.
 */
export class ClickHousePredictionLookup implements PredictionLookup {
  constructor(private readonly client: Pick<Warehouse['client'], 'query'>) {}

  async find(modelId: string, predictionIds: readonly string[]): Promise<Map<string, StoredPrediction>> {
    const found = new Map<string, StoredPrediction>();
    if (predictionIds.length === 0) return found;
    const result = await this.client.query({
      query: `SELECT event_id, model_version, prediction_id, toUnixTimestamp64Milli(timestamp) AS timestamp_ms,
                     prediction_value, prediction_label, scores, segments
              FROM inference_events
              WHERE model_id = {model:String} AND prediction_id IN {ids:Array(String)}
              ORDER BY prediction_id, timestamp, event_id
              LIMIT 1 BY prediction_id`,
      query_params: { model: modelId, ids: predictionIds },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<PredictionRow>()) {
      found.set(row.prediction_id, {
        eventId: row.event_id,
        modelId,
        modelVersion: row.model_version,
        predictionId: row.prediction_id,
        timestampMs: Number(row.timestamp_ms),
        predictionValue: row.prediction_value,
        predictionLabel: row.prediction_label,
        scores: row.scores,
        segments: row.segments,
      });
    }
    return found;
  }
}
