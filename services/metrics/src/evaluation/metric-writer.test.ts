import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricValue, WindowKey } from '@modelwatch/core';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { MetricWriter } from './metric-writer.ts';

const START = Date.UTC(2026, 10, 8);
const MINUTE = 60_000;

const row = (metric: string, feature: string, status: MetricValue['status']): MetricValue => ({ metric, feature, value: null, sampleSize: 10, threshold: null, status });

describe('MetricWriter against chDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-metric-writer-'));
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'metric_writer_test', dataDir });
    await migrate(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('deletes the no_reference rows a scored evaluation has no row for, and nothing else', async () => {
    const writer = new MetricWriter(warehouse);
    const a: WindowKey = { modelId: 'w', modelVersion: 'v1', segmentName: '', segmentValue: '', windowStartMs: START };
    const b: WindowKey = { ...a, windowStartMs: START + MINUTE };
    const unscored = [row('drift', 'amount', 'no_reference'), row('drift', 'extra', 'no_reference'), row('prediction_drift', '', 'no_reference')];
    await writer.write([a, b].map((key) => ({ key, windowEndMs: key.windowStartMs + MINUTE, referenceId: null, values: unscored })), 1000);
    // Window a is scored against a reference without `extra`; window b is not evaluated again.
    await writer.write([{ key: a, windowEndMs: a.windowStartMs + MINUTE, referenceId: 'r', values: [row('drift', 'amount', 'ok'), row('prediction_drift', '', 'ok')] }], 2000);
    await writer.deleteUnscored([{ key: a, metric: 'drift', feature: 'extra' }, { key: b, metric: 'drift', feature: 'amount' }], 2000);
    await writer.deleteUnscored([{ key: b, metric: 'drift', feature: 'extra' }], 1000);

    const rows = await (await warehouse.client.query({
      query: `SELECT toUnixTimestamp64Milli(window_start) - {start:Int64} AS at, metric, feature, status FROM model_metrics FINAL WHERE model_id = 'w' ORDER BY at, metric, feature`,
      query_params: { start: START },
      format: 'JSONEachRow',
    })).json<{ at: string; metric: string; feature: string; status: string }>();
    expect(rows.map((r) => [Number(r.at), r.metric, r.feature, r.status])).toEqual([
      [0, 'drift', 'amount', 'ok'],
      [0, 'prediction_drift', '', 'ok'],
      // Only rows computed before the time given go: b's amount (1000, before 2000) went, b's
      // extra (1000, not before 1000) stays.
      [MINUTE, 'drift', 'extra', 'no_reference'],
      [MINUTE, 'prediction_drift', '', 'no_reference'],
    ]);
  });
});
