import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricValue, WindowKey } from '@modelwatch/core';
import { createLogger } from '@modelwatch/telemetry';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { MetricWriter } from './metric-writer.ts';
import { UnreferencedWindows } from './unreferenced-windows.ts';

const START = Date.UTC(2026, 10, 10);
const MINUTE = 60_000;

const key = (modelId: string, minute: number): WindowKey => ({ modelId, modelVersion: 'v1', segmentName: '', segmentValue: '', windowStartMs: START + minute * MINUTE });
const drift = (status: MetricValue['status']): MetricValue[] => [
  { metric: 'drift', feature: 'amount', value: null, sampleSize: 10, threshold: null, status },
  { metric: 'prediction_drift', feature: '', value: null, sampleSize: 10, threshold: null, status },
];

describe('UnreferencedWindows against chDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-unreferenced-windows-'));
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'unreferenced_windows_test', dataDir });
    await migrate(warehouse);
    const writer = new MetricWriter(warehouse);
    // a: minutes 0-4 evaluated without a reference, minute 2 scored since, minute 5 scored at once.
    await writer.write([0, 1, 2, 3, 4].map((m) => ({ key: key('a', m), windowEndMs: key('a', m).windowStartMs + MINUTE, referenceId: null, values: drift('no_reference') })), 1000);
    await writer.write([2, 5].map((m) => ({ key: key('a', m), windowEndMs: key('a', m).windowStartMs + MINUTE, referenceId: 'ra-1', values: drift('ok') })), 2000);
    // c: no reference yet, so nothing to do.
    await writer.write([{ key: key('c', 0), windowEndMs: START + MINUTE, referenceId: null, values: drift('no_reference') }], 1000);
    await warehouse.client.insert({
      table: 'reference_profiles',
      format: 'JSONEachRow',
      values: [
        { model_id: 'a', model_version: 'v1', reference_id: 'ra-2', source: 'dataset', rows: 1, profile: '{}', created_at: START + 2 },
        { model_id: 'a', model_version: 'v1', reference_id: 'ra-1', source: 'window', rows: 1, profile: '{}', created_at: START + 1 },
        { model_id: 'b', model_version: 'v1', reference_id: 'rb', source: 'dataset', rows: 1, profile: '{}', created_at: START },
      ],
    });
  });
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const done = async () => (await (await warehouse.client.query({
    query: 'SELECT model_id, reference_id, windows FROM reference_backfills FINAL ORDER BY model_id',
    format: 'JSONEachRow',
  })).json<{ model_id: string; reference_id: string; windows: string }>()).map((r) => [r.model_id, r.reference_id, Number(r.windows)]);

  it('evaluates a version\'s no_reference windows newest first, a few per run, and then marks the version done', async () => {
    const batches: number[][] = [];
    let failOnce = true;
    const windows = new UnreferencedWindows({
      warehouse,
      log: createLogger({ level: 'error' }),
      windowsPerRun: 3,
      batch: 2,
      evaluator: {
        evaluate: async (keys) => {
          if (keys.some((k) => k.windowStartMs === START) && failOnce) {
            failOnce = false;
            throw new Error('the warehouse is away');
          }
          batches.push(keys.map((k) => (k.windowStartMs - START) / MINUTE));
          return keys.length;
        },
      },
    });

    expect(await windows.run()).toBe(3);
    expect(batches).toEqual([[4, 3], [1]]);
    // A version without such windows is done at once; one that has them, once they are all evaluated.
    expect(await done()).toEqual([['b', 'rb', 0]]);

    await expect(windows.run()).rejects.toThrow('the warehouse is away');
    expect(await windows.run()).toBe(1);
    expect(batches).toEqual([[4, 3], [1], [0]]);
    expect(await done()).toEqual([['a', 'ra-1', 4], ['b', 'rb', 0]]);

    expect(await windows.run()).toBe(0);
    // A new process (after a restart) finds nothing left to do either.
    const restarted = new UnreferencedWindows({ warehouse, log: createLogger({ level: 'error' }), evaluator: { evaluate: async () => { throw new Error('nothing to evaluate'); } } });
    expect(await restarted.run()).toBe(0);
  });
});
