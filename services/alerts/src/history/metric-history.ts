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
      query: `SELECT toUnixTimestamp64Milli(window_start) AS window_start, argMax(value, computed_at) AS value
              FROM model_metrics
              WHERE model_id = {model:String} AND metric = {metric:String} AND feature = {feature:String}
                AND segment_name = {segmentName:String} AND segment_value = {segmentValue:String}
                ${version ? 'AND model_version = {version:String}' : ''}
                AND window_start <= fromUnixTimestamp64Milli({until:Int64})
              GROUP BY window_start ORDER BY window_start DESC LIMIT {limit:UInt32}`,
      query_params: { model, metric, feature, segmentName, segmentValue, version: version ?? '', until: alert.windowStart, limit: this.windows },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ window_start: string | number; value: number | null }>();
    return rows.map((r) => ({ windowStart: Number(r.window_start), value: r.value })).reverse();
  }
}

function splitSegment(segment: string): [string, string] {
  const at = segment.indexOf('=');
  return at < 0 ? [segment, ''] : [segment.slice(0, at), segment.slice(at + 1)];
}
