import type { Warehouse } from '@modelwatch/warehouse';

const HEADLINE_METRICS = ['throughput', 'error_rate', 'latency_p99_ms', 'accuracy', 'mae', 'estimated_accuracy', 'label_coverage', 'performance_change', 'drift', 'concept_drift'];

export interface ModelHeadline {
  readonly lastWindowStart: number | null;
  readonly rows: { readonly metric: string; readonly feature: string; readonly value: number | null; readonly status: string }[];
}

/**
 * The newest evaluated window of a model (all versions, unsegmented): its headline metrics,
 * with drift rows only for the features that drifted.
 */
export async function readModelHeadline(warehouse: Pick<Warehouse, 'client'>, modelId: string): Promise<ModelHeadline> {
  const result = await warehouse.client.query({
    query: `WITH newest AS (SELECT max(window_start) AS w FROM model_metrics WHERE model_id = {model:String} AND segment_name = '')
            SELECT toUnixTimestamp64Milli(window_start) AS window_start, metric, feature,
                   argMax(value, computed_at) AS value, argMax(status, computed_at) AS status
            FROM model_metrics
            WHERE model_id = {model:String} AND segment_name = '' AND window_start = (SELECT w FROM newest)
              AND metric IN {metrics:Array(String)}
            GROUP BY window_start, model_version, metric, feature
            ORDER BY metric, feature`,
    query_params: { model: modelId, metrics: HEADLINE_METRICS },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ window_start: string | number; metric: string; feature: string; value: number | null; status: string }>();
  const kept = rows.filter((r) => (r.metric !== 'drift' && r.metric !== 'concept_drift') || r.status === 'alert' || (r.metric === 'concept_drift' && (r.value ?? 0) > 0));
  return {
    lastWindowStart: rows.length > 0 ? Number(rows[0]!.window_start) : null,
    rows: kept.map((r) => ({ metric: r.metric, feature: r.feature, value: r.value, status: r.status })),
  };
}
