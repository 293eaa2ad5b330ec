import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTo, fitReferenceProfile, modelWindowAggregate, referenceRowFromInference, seriesOf, validateInferenceEvent, windowKeyString,
  type InferenceRecord, type ModelWindowState, type WindowKey,
} from '@modelwatch/core';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { WindowRecount } from './window-recount.ts';

const START = Date.UTC(2026, 10, 7);
const MINUTE = 60_000;
const aggregate = modelWindowAggregate();

function event(i: number, model = 'recount'): InferenceRecord {
  const result = validateInferenceEvent({
    event_id: `e${i}`, model_id: model, model_version: 'v1', prediction_id: `p${i}`, timestamp: START + i * 250,
    features: { amount: (i * 7919) % 1000, channel: i % 3 === 0 ? 'web' : 'app', note: i % 5 === 0 ? 'x'.repeat(300 + i) : 'short', ...(i % 7 === 0 ? { age: null } : { age: i % 90 }) },
    prediction: i % 4 === 0 ? 'fraud' : 'legit', scores: { fraud: (i % 10) / 10, legit: 1 - (i % 10) / 10 },
    latency_ms: i % 50, ...(i % 13 === 0 ? { status: 'error' } : {}), segments: { region: i % 2 ? 'eu' : 'us' }, attributions: { amount: (i % 3) - 1 },
  });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

async function store(warehouse: Warehouse, records: readonly InferenceRecord[]): Promise<void> {
  await warehouse.client.insert({
    table: 'inference_events',
    format: 'JSONEachRow',
    values: records.map((r, i) => ({
      event_id: r.eventId, model_id: r.modelId, model_version: r.modelVersion, prediction_id: r.predictionId, timestamp: r.timestampMs,
      numeric_features: r.numericFeatures, categorical_features: r.categoricalFeatures, missing_features: r.missingFeatures,
      prediction_value: r.predictionValue, prediction_label: r.predictionLabel, scores: r.scores, latency_ms: r.latencyMs, status: r.status,
      segments: r.segments, attributions: r.attributions, source_topic: 'test.inference', source_partition: 0, source_offset: i, ingested_at: START,
    })),
  });
}

describe('WindowRecount against chDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-window-recount-'));
  let warehouse: Warehouse;
  // Three minutes of one model, a fourth model's minute beside it, and one event stored twice.
  const events = Array.from({ length: 720 }, (_, i) => event(i));
  const other = Array.from({ length: 50 }, (_, i) => event(i, 'other'));
  const reference = fitReferenceProfile({ modelId: 'recount', modelVersion: 'v1', source: 'dataset', createdAtMs: 1, rows: events.slice(0, 400).map(referenceRowFromInference) });

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'window_recount_test', dataDir });
    await migrate(warehouse);
    await store(warehouse, [...events, ...other]);
    await store(warehouse, [events[10]!]);
  });
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The windows of the events counted in one pass against the reference: what the recount must equal. */
  function onePass(records: readonly InferenceRecord[]): Map<string, ModelWindowState> {
    const states = new Map<string, ModelWindowState>();
    for (const e of records) {
      for (const series of seriesOf(e)) {
        const id = windowKeyString({ ...series, windowStartMs: Math.floor(e.timestampMs / MINUTE) * MINUTE });
        states.set(id, addTo(aggregate, states.get(id) ?? aggregate.empty(), { kind: 'inference', event: e, reference }));
      }
    }
    return states;
  }

  const keys: WindowKey[] = [0, 1, 2].flatMap((m) => ['', 'eu', 'us'].map((v) => ({
    modelId: 'recount', modelVersion: 'v1', segmentName: v === '' ? '' : 'region', segmentValue: v, windowStartMs: START + m * MINUTE,
  })));

  for (const pageRows of [20_000, 97]) {
    it(`counts each window's events once against the reference, as one pass does (pages of ${pageRows} rows)`, async () => {
      const recounted = await new WindowRecount(warehouse, MINUTE, aggregate, { pageRows }).count(keys.map((key) => ({ key, reference, rejected: 0 })));
      const expected = onePass(events);
      expect([...recounted.keys()].sort()).toEqual(keys.map(windowKeyString).sort());
      for (const key of keys) {
        const id = windowKeyString(key);
        expect(JSON.stringify(recounted.get(id)!.toJSON()), id).toBe(JSON.stringify(expected.get(id)!.toJSON()));
      }
      expect(recounted.get(windowKeyString(keys[0]!))!.inferenceCount).toBe(240);
      expect(recounted.get(windowKeyString(keys[0]!))!.unreferencedInferenceCount).toBe(0);
    });
  }

  it('keeps the rejected records the stored state counted, and skips windows without events', async () => {
    const empty: WindowKey = { ...keys[0]!, windowStartMs: START + 30 * MINUTE };
    const recounted = await new WindowRecount(warehouse, MINUTE, aggregate).count([{ key: keys[1]!, reference, rejected: 3 }, { key: empty, reference, rejected: 2 }]);
    expect([...recounted.keys()]).toEqual([windowKeyString(keys[1]!)]);
    expect(recounted.get(windowKeyString(keys[1]!))!.rejectedCount).toBe(3);
  });
});
