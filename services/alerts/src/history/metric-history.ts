import type { Alert } from '@modelwatch/core';
import type { Warehouse } from '@modelwatch/warehouse';

export interface HistoryPoint {
  readonly windowStart: number;
  readonly value: number | null;
}

/**
 * Recent values of an alert's metric (same model, version, segment, feature), oldest first:
 * the chart in a Slack message. Reads `model_metrics`; a window evaluated twice counts once.
 */
export class MetricHistory {
  constructor(
    private readonly warehouse: Pick<Warehouse, 'client'>,
    private readonly windows = 30,
  ) {}

  async of(alert: Alert): Promise<HistoryPoint[]> {
    const { model_id: model, model_version: version, metric, feature = '', segment = '' } = alert.labels;
    if (!model || !metric || alert.windowStart === null) return [];
    const [segmentName, segmentValue] = segment === '' ? ['', ''] : splitSegment(segment);
    const result = await this.warehouse.client.query({
      query: `SELECT toUnixTimestamp64Milli(m.window_start) AS ws, argMax(m.value, m.computed_at) AS v
              FROM model_metrics AS m
              WHERE model_id = {model:String} AND metric = {metric:String} AND feature = {feature:String}
                AND segment_name = {segmentName:String} AND segment_value = {segmentValue:String}
                ${version ? 'AND model_version = {version:String}' : ''}
                AND window_start <= fromUnixTimestamp64Milli({until:Int64})
              GROUP BY m.window_start ORDER BY m.window_start DESC LIMIT {limit:UInt32}`,
      query_params: { model, metric, feature, segmentName, segmentValue, version: version ?? '', until: alert.windowStart, limit: this.windows },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ ws: string | number; v: number | null }>();
    return rows.map((r) => ({ windowStart: Number(r.ws), value: r.v })).reverse();
  }
}

function splitSegment(segment: string): [string, string] {
  const at = segment.indexOf('=');
  return at < 0 ? [segment, ''] : [segment.slice(0, at), segment.slice(at + 1)];
}
