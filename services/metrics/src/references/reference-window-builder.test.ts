import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitReferenceProfile, validateInferenceEvent, type InferenceRecord, type ReferenceProfile } from '@modelwatch/core';
import { createLogger } from '@modelwatch/telemetry';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { ReferenceStore } from './reference-store.ts';
import { ReferenceWindowBuilder } from './reference-window-builder.ts';

const START = Date.UTC(2026, 10, 9);
const MINUTE = 60_000;

function event(model: string, i: number): InferenceRecord {
  const result = validateInferenceEvent({ model_id: model, model_version: 'v1', prediction_id: `p${i}`, timestamp: START + i * 500, features: { amount: i % 17 }, prediction: i % 2 });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('ReferenceWindowBuilder against chDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-reference-builder-'));
  const log = createLogger({ level: 'error' });
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'reference_builder_test', dataDir });
    await migrate(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Three closed minutes of a model: its events, and a window_states row per minute and partition. */
  async function traffic(model: string): Promise<void> {
    const events = Array.from({ length: 360 }, (_, i) => event(model, i));
    await warehouse.client.insert({
      table: 'inference_events',
      format: 'JSONEachRow',
      values: events.map((r, i) => ({
        event_id: r.eventId, model_id: r.modelId, model_version: r.modelVersion, prediction_id: r.predictionId, timestamp: r.timestampMs,
        numeric_features: r.numericFeatures, categorical_features: r.categoricalFeatures, missing_features: r.missingFeatures,
        prediction_value: r.predictionValue, prediction_label: r.predictionLabel, scores: r.scores, latency_ms: r.latencyMs, status: r.status,
        segments: r.segments, attributions: r.attributions, source_topic: 'test.inference', source_partition: i % 3, source_offset: i, ingested_at: START,
      })),
    });
    await warehouse.client.insert({
      table: 'window_states',
      format: 'JSONEachRow',
      values: [0, 1, 2].flatMap((minute) => [0, 1, 2].map((partition) => ({
        model_id: model, model_version: 'v1', segment_name: '', segment_value: '', window_start: START + minute * MINUTE, window_end: START + (minute + 1) * MINUTE,
        source_topic: 'test.inference', source_partition: partition, epoch: 1, kind: 'closed', events: 40, state: '{}', written_at: START,
      }))),
    });
  }

  async function profiles(model: string): Promise<{ reference_id: string; source: string }[]> {
    return (await warehouse.client.query({
      query: 'SELECT reference_id, source FROM reference_profiles WHERE model_id = {model:String}',
      query_params: { model },
      format: 'JSONEachRow',
    })).json();
  }

  function builder(completeUpTo: () => number | null, store: Pick<ReferenceStore, 'save' | 'has'> = new ReferenceStore(warehouse)) {
    let saves = 0;
    const counting = { save: async (p: ReferenceProfile) => { saves += 1; await store.save(p); }, has: (m: string, v: string) => store.has(m, v) };
    const b = new ReferenceWindowBuilder({
      warehouse, store: counting, cache: { invalidate: () => undefined }, referenceWindowMs: MINUTE, allowedLatenessMs: 30_000,
      completeUpTo, rollingReferenceMs: () => 0, log,
    });
    return { builder: b, saves: () => saves };
  }

  it('fits nothing until the first period is complete on every partition (its end plus the allowed lateness)', async () => {
    await traffic('incomplete');
    let complete: number | null = null;
    const b = builder(() => complete);
    expect(await b.builder.run()).toBe(0);
    complete = START + MINUTE + 29_999;
    expect(await b.builder.run()).toBe(0);
    expect(await profiles('incomplete')).toEqual([]);
    complete = START + MINUTE + 30_000;
    expect(await b.builder.run()).toBe(1);
    expect(await profiles('incomplete')).toMatchObject([{ source: 'window' }]);
  });

  it('fits a version once: passes do not overlap, and neither a later pass nor a new process fits it again', async () => {
    await traffic('once');
    const b = builder(() => START + 3 * MINUTE);
    const [first, second] = await Promise.all([b.builder.run(), b.builder.run()]);
    expect(first).toBe(1);
    expect(second).toBe(1);
    expect(await b.builder.run()).toBe(0);
    const restarted = builder(() => START + 3 * MINUTE);
    expect(await restarted.builder.run()).toBe(0);
    expect(await profiles('once')).toHaveLength(1);
    expect(b.saves() + restarted.saves()).toBe(1);
  });

  it('does not save a fitted reference when the version got one while it was fitted (an upload, another process)', async () => {
    await traffic('raced');
    const store = new ReferenceStore(warehouse);
    const uploaded = fitReferenceProfile({ modelId: 'raced', modelVersion: 'v1', source: 'dataset', createdAtMs: START, rows: [{ numeric: { amount: 1 }, categorical: {} }, { numeric: { amount: 2 }, categorical: {} }] });
    const racing = {
      save: (p: ReferenceProfile) => store.save(p),
      has: async (model: string, version: string) => {
        if (model === 'raced') await store.save(uploaded);
        return store.has(model, version);
      },
    };
    const b = builder(() => START + 3 * MINUTE, racing);
    await b.builder.run();
    expect(await profiles('raced')).toEqual([{ reference_id: uploaded.referenceId, source: 'dataset' }]);
  });
});
