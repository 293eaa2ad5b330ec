import type { WindowKey } from '@modelwatch/core';
import type { Warehouse } from '@modelwatch/warehouse';

/**
 * The windows that changed after their last evaluation: a new delta in `window_states` or a new
 * outcome in `joined_outcomes` later than the window's newest `model_metrics` row. The process
 * tracks these in memory; after a restart this query finds the ones a crash left unevaluated.
 */
export async function findUnevaluatedWindows(warehouse: Pick<Warehouse, 'client'>, windowMs: number, horizonMs: number): Promise<WindowKey[]> {
  const result = await warehouse.client.query({
    query: `WITH evaluated AS (
              SELECT model_id, model_version, segment_name, segment_value, window_start, max(computed_at) AS computed
              FROM model_metrics
              WHERE metric != 'concept_drift' AND computed_at >= now64(3) - toIntervalMillisecond({horizon:Int64})
              GROUP BY model_id, model_version, segment_name, segment_value, window_start),
            changed AS (
              SELECT model_id, model_version, segment_name, segment_value, window_start, max(written_at) AS changed_at
              FROM window_states WHERE written_at >= now64(3) - toIntervalMillisecond({horizon:Int64})
              GROUP BY model_id, model_version, segment_name, segment_value, window_start
              UNION ALL
              SELECT model_id, model_version, series.1 AS segment_name, series.2 AS segment_value,
                     fromUnixTimestamp64Milli(intDiv(toUnixTimestamp64Milli(prediction_timestamp), {size:Int64}) * {size:Int64}, 'UTC') AS window_start,
                     max(joined_at) AS changed_at
              FROM joined_outcomes
              ARRAY JOIN arrayConcat([('', '')], arrayZip(mapKeys(segments), mapValues(segments))) AS series
              WHERE joined_at >= now64(3) - toIntervalMillisecond({horizon:Int64})
              GROUP BY model_id, model_version, segment_name, segment_value, window_start)
            SELECT c.model_id AS model_id, c.model_version AS model_version, c.segment_name AS segment_name, c.segment_value AS segment_value,
                   toUnixTimestamp64Milli(c.window_start) AS start
            FROM changed AS c
            LEFT JOIN evaluated AS e
              ON c.model_id = e.model_id AND c.model_version = e.model_version AND c.segment_name = e.segment_name
             AND c.segment_value = e.segment_value AND c.window_start = e.window_start
            GROUP BY model_id, model_version, segment_name, segment_value, start
            HAVING max(c.changed_at) > max(e.computed)`,
    query_params: { horizon: horizonMs, size: windowMs },
    format: 'JSONEachRow',
  });
  return (await result.json<{ model_id: string; model_version: string; segment_name: string; segment_value: string; start: string | number }>()).map((r) => ({
    modelId: r.model_id,
    modelVersion: r.model_version,
    segmentName: r.segment_name,
    segmentValue: r.segment_value,
    windowStartMs: Number(r.start),
  }));
}
