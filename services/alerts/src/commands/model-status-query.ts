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
            SELECT toUnixTimestamp64Milli(any(m.window_start)) AS ws, m.metric AS metric, m.feature AS feature,
                   argMax(m.value, m.computed_at) AS v, argMax(m.status, m.computed_at) AS s
            FROM model_metrics AS m
            WHERE m.model_id = {model:String} AND m.segment_name = '' AND m.window_start = (SELECT w FROM newest)
              AND m.metric IN {metrics:Array(String)}
            GROUP BY m.model_version, m.metric, m.feature
            ORDER BY metric, feature`,
    query_params: { model: modelId, metrics: HEADLINE_METRICS },
    format: 'JSONEachRow',
  });
  const rows = (await result.json<{ ws: string | number; metric: string; feature: string; v: number | null; s: string }>()).map((r) => ({
    window_start: r.ws, metric: r.metric, feature: r.feature, value: r.v, status: r.s,
  }));
  const kept = rows.filter((r) => (r.metric !== 'drift' && r.metric !== 'concept_drift') || r.status === 'alert' || (r.metric === 'concept_drift' && (r.value ?? 0) > 0));
  return {
    lastWindowStart: rows.length > 0 ? Number(rows[0]!.window_start) : null,
    rows: kept.map((r) => ({ metric: r.metric, feature: r.feature, value: r.value, status: r.status })),
  };
}
