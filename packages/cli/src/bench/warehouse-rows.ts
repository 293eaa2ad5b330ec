import type { Warehouse } from '@modelwatch/warehouse';

type Client = Warehouse['client'];

export async function count(client: Client, query: string): Promise<number> {
  const rows = await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

/**
 * What a metrics phase left in the warehouse, to show the work was done. A window is a series'
 * window: (model, version, segment, segment value, window start).
 */
export async function warehouseRows(client: Client): Promise<Record<string, number>> {
  const windowKey = '(model_id, model_version, segment_name, segment_value, window_start)';
  return {
    inference_events: await count(client, 'SELECT count() AS n FROM inference_events'),
    window_states: await count(client, 'SELECT count() AS n FROM window_states'),
    windowStateBytes: await count(client, 'SELECT sum(length(state)) AS n FROM window_states'),
    windows: await count(client, `SELECT uniqExact${windowKey} AS n FROM window_states`),
    windowStarts: await count(client, 'SELECT uniqExact(window_start) AS n FROM window_states'),
    // Each event is counted in its model's whole-version series and in its region's series.
    stateEventsAllSegments: await count(client, "SELECT sum(events) AS n FROM window_states WHERE segment_name = ''"),
    model_metrics: await count(client, 'SELECT count() AS n FROM model_metrics'),
    evaluatedWindows: await count(client, `SELECT uniqExact${windowKey} AS n FROM model_metrics WHERE metric != 'concept_drift'`),
    driftRows: await count(client, "SELECT count() AS n FROM model_metrics WHERE startsWith(metric, 'drift')"),
    alerts: await count(client, "SELECT count() AS n FROM model_metrics WHERE status = 'alert'"),
  };
}
