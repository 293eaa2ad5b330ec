import type { DigestModel } from '../channels/email/index.ts';
import type { Warehouse } from '@modelwatch/warehouse';

/**
 * Each model's day for the digest, from `model_metrics` (unsegmented windows of the day) and
 * the `alerts` history: windows evaluated, mean accuracy, error rate and p99 latency, features
 * that drifted in any window, and alerts that started firing.
 */
export async function readDigestModels(warehouse: Pick<Warehouse, 'client'>, fromMs: number, toMs: number, active: ReadonlyMap<string, number>): Promise<DigestModel[]> {
  const result = await warehouse.client.query({
    query: `WITH m AS (
              SELECT mm.model_id AS model_id, mm.window_start AS window_start, mm.metric AS metric, mm.feature AS feature,
                     argMax(mm.value, mm.computed_at) AS value, argMax(mm.status, mm.computed_at) AS status
              FROM model_metrics AS mm
              WHERE mm.segment_name = '' AND mm.window_start >= fromUnixTimestamp64Milli({from:Int64}) AND mm.window_start < fromUnixTimestamp64Milli({to:Int64})
                AND mm.metric IN ('throughput', 'accuracy', 'error_rate', 'latency_p99_ms', 'drift')
              GROUP BY mm.model_id, mm.model_version, mm.window_start, mm.metric, mm.feature),
            fired AS (
              SELECT model_id, uniqExact(fingerprint, starts_at) AS n FROM alerts
              WHERE state = 'firing' AND starts_at >= fromUnixTimestamp64Milli({from:Int64}) AND starts_at < fromUnixTimestamp64Milli({to:Int64})
              GROUP BY model_id)
            SELECT m.model_id AS model_id,
                   uniqExactIf(window_start, metric = 'throughput') AS windows,
                   avgIf(value, metric = 'accuracy' AND value IS NOT NULL) AS accuracy,
                   avgIf(value, metric = 'error_rate' AND value IS NOT NULL) AS error_rate,
                   avgIf(value, metric = 'latency_p99_ms' AND value IS NOT NULL) AS latency_p99_ms,
                   arraySort(groupUniqArrayIf(feature, metric = 'drift' AND status = 'alert')) AS drifted,
                   any(fired.n) AS fired_count
            FROM m LEFT JOIN fired ON m.model_id = fired.model_id
            GROUP BY m.model_id ORDER BY m.model_id`,
    query_params: { from: fromMs, to: toMs },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ model_id: string; windows: string | number; accuracy: number | null; error_rate: number | null; latency_p99_ms: number | null; drifted: string[]; fired_count: string | number | null }>();
  const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return rows.map((r) => ({
    modelId: r.model_id,
    windows: Number(r.windows),
    accuracy: finite(r.accuracy),
    errorRate: finite(r.error_rate),
    latencyP99Ms: finite(r.latency_p99_ms),
    driftedFeatures: r.drifted,
    alertsFired: Number(r.fired_count ?? 0),
    alertsActive: active.get(r.model_id) ?? 0,
  }));
}
