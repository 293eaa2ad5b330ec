import type { ModelActivity } from '@modelwatch/core';
import type { Warehouse } from '@modelwatch/warehouse';

/**
 * What the no-data and labels-overdue rules check, per model, in one query: when its last
 * inference event arrived, when a label last joined, and the oldest prediction made after the
 * newest labelled one. Looks back `lookbackMs` so the scan stays bounded; a model silent for
 * longer than that is no longer watched for no-data (its alert, if any, stays until resolved).
 */
export async function readModelActivity(warehouse: Pick<Warehouse, 'client'>, lookbackMs: number, nowMs: number): Promise<ModelActivity[]> {
  const result = await warehouse.client.query({
    query: `WITH labelled AS (
              SELECT model_id, max(prediction_timestamp) AS newest_labelled, max(joined_at) AS newest_join
              FROM joined_outcomes
              WHERE prediction_timestamp >= fromUnixTimestamp64Milli({since:Int64})
              GROUP BY model_id)
            SELECT i.model_id AS model_id,
                   toUnixTimestamp64Milli(max(i.ingested_at)) AS last_event_at,
                   if(count(l.model_id) > 0, toUnixTimestamp64Milli(any(l.newest_join)), NULL) AS last_label_at,
                   if(countIf(i.timestamp > l.newest_labelled) > 0, toUnixTimestamp64Milli(minIf(i.timestamp, i.timestamp > l.newest_labelled)), NULL) AS oldest_unlabelled_at,
                   countIf(l.model_id != '') > 0 AS ever_labelled
            FROM inference_events AS i LEFT JOIN labelled AS l ON i.model_id = l.model_id
            WHERE i.timestamp >= fromUnixTimestamp64Milli({since:Int64})
            GROUP BY i.model_id`,
    query_params: { since: nowMs - lookbackMs },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ model_id: string; last_event_at: string | number; last_label_at: string | number | null; oldest_unlabelled_at: string | number | null; ever_labelled: boolean | number }>();
  return rows.map((r) => ({
    modelId: r.model_id,
    lastEventAt: Number(r.last_event_at),
    lastLabelAt: r.last_label_at === null ? null : Number(r.last_label_at),
    oldestUnlabelledAt: r.oldest_unlabelled_at === null ? null : Number(r.oldest_unlabelled_at),
    everLabelled: r.ever_labelled === true || Number(r.ever_labelled) === 1,
  }));
}
