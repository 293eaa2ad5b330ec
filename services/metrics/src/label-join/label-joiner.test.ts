import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceRecord } from '@modelwatch/core';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { LabelJoiner, type LabelJoinerOptions } from './label-joiner.ts';
import { JoinedOutcomeWriter } from './outcome-writer.ts';
import { ClickHousePredictionLookup } from './prediction-lookup.ts';
import { BASE_MS, label, prediction } from './test-records.ts';

/** Inference rows stored directly, as ingest would have stored them before the joiner saw them. */
async function storeInference(warehouse: Warehouse, records: readonly InferenceRecord[]): Promise<void> {
  await warehouse.client.insert({
    table: 'inference_events',
    format: 'JSONEachRow',
    values: records.map((r, i) => ({
      event_id: r.eventId, model_id: r.modelId, model_version: r.modelVersion, prediction_id: r.predictionId, timestamp: r.timestampMs,
      numeric_features: r.numericFeatures, categorical_features: r.categoricalFeatures, missing_features: r.missingFeatures,
      prediction_value: r.predictionValue, prediction_label: r.predictionLabel, scores: r.scores, latency_ms: r.latencyMs, status: r.status,
      segments: r.segments, attributions: r.attributions, source_topic: 'test.inference', source_partition: 0, source_offset: i, ingested_at: BASE_MS,
    })),
  });
}

describe('LabelJoiner against chDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-label-join-'));
  let warehouse: Warehouse;
  let queries: string[];
  let clock: number;

  beforeAll(async () => {
    warehouse = await openWarehouse({ database: 'label_join_test', dataDir });
    await migrate(warehouse);
  });
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A joiner whose look-ups go through a client wrapper that records every query. */
  function joiner(options: Partial<LabelJoinerOptions> = {}): LabelJoiner {
    queries = [];
    clock = 1_000_000;
    const counting = {
      query: ((params: Parameters<Warehouse['client']['query']>[0]) => {
        queries.push(String(params.query_params?.['model']));
        return warehouse.client.query(params);
      }) as Warehouse['client']['query'],
    };
    return new LabelJoiner({ lookup: new ClickHousePredictionLookup(counting), now: () => clock, ...options });
  }

  it('joins a label that arrives before its prediction', async () => {
    const j = joiner();
    expect(await j.addLabels([label('early', 'p1', BASE_MS - 500)])).toEqual([]);
    expect(j.stats().pendingLabels).toBe(1);
    const outcomes = j.addPredictions([prediction('early', 'p1', BASE_MS)]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ modelId: 'early', predictionId: 'p1', predictionLabel: 'yes', labelClass: 'yes', labelDelayMs: -500, labelEventId: 'g-p1', scores: { yes: 0.75, no: 0.25 }, segments: { country: 'DE' }, joinedAtMs: clock });
    expect(j.stats().pendingLabels).toBe(0);
  });

  it('joins a label that arrives after its prediction, in memory, without a query', async () => {
    const j = joiner();
    expect(j.addPredictions([prediction('mem', 'p1', BASE_MS)])).toEqual([]);
    const outcomes = await j.addLabels([label('mem', 'p1', BASE_MS + 60_000, 'no')]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ labelClass: 'no', predictionLabel: 'yes', labelDelayMs: 60_000 });
    expect(queries).toEqual([]);
  });

  it('finds a prediction evicted from memory in inference_events, one query per model per batch', async () => {
    await storeInference(warehouse, [
      ...Array.from({ length: 50 }, (_, i) => prediction('old-a', `p${i}`, BASE_MS - 14 * 86_400_000 + i)),
      ...Array.from({ length: 50 }, (_, i) => prediction('old-b', `p${i}`, BASE_MS - 20 * 86_400_000 + i, 'no')),
    ]);
    const j = joiner({ recentPredictions: { maxEntries: 10, maxAgeMs: 3_600_000 } });
    // Memory once held them; the stream has moved on and evicted them all.
    j.addPredictions(Array.from({ length: 50 }, (_, i) => prediction('old-a', `p${i}`, BASE_MS - 14 * 86_400_000 + i)));
    j.addPredictions(Array.from({ length: 20 }, (_, i) => prediction('now', `n${i}`, BASE_MS + i)));
    const labels = [
      ...Array.from({ length: 30 }, (_, i) => label('old-a', `p${i}`, BASE_MS)),
      ...Array.from({ length: 30 }, (_, i) => label('old-b', `p${i}`, BASE_MS)),
      label('old-a', 'missing', BASE_MS),
    ];
    const outcomes = await j.addLabels(labels);
    expect(queries.sort()).toEqual(['old-a', 'old-b']);
    expect(outcomes).toHaveLength(60);
    const b0 = outcomes.find((o) => o.modelId === 'old-b' && o.predictionId === 'p0');
    expect(b0).toMatchObject({ predictionLabel: 'no', predictionTimestampMs: BASE_MS - 20 * 86_400_000, labelDelayMs: 20 * 86_400_000, modelVersion: 'v1', segments: { country: 'DE' } });
    expect(j.stats()).toMatchObject({ pendingLabels: 1, lookupQueries: 2 });

    // Batches above lookupBatchSize split into chunks, still per model.
    const chunked = joiner({ lookupBatchSize: 20 });
    expect(await chunked.addLabels(labels)).toHaveLength(60);
    expect(queries.sort()).toEqual(['old-a', 'old-a', 'old-b', 'old-b']);
  });

  it('keeps a label never matched pending, bounded, and looks it up again only once the interval has passed', async () => {
    const j = joiner({ pendingLabels: { maxEntries: 100, maxAgeMs: 86_400_000 }, relookupIntervalMs: 60_000 });
    for (let batch = 0; batch < 10; batch++) {
      expect(await j.addLabels(Array.from({ length: 50 }, (_, i) => label('ghost', `g${batch}-${i}`, BASE_MS + batch * 1000 + i)))).toEqual([]);
      expect(j.stats().pendingLabels).toBeLessThanOrEqual(100);
    }
    expect(j.stats()).toMatchObject({ pendingLabels: 100, droppedPendingLabels: 400 });
    const before = queries.length;
    expect(await j.retryPending()).toEqual([]);
    expect(queries.length).toBe(before); // looked up less than a minute ago
    // The prediction of one pending label reaches ClickHouse without passing through this joiner.
    await storeInference(warehouse, [prediction('ghost', 'g9-7', BASE_MS + 5)]);
    clock += 60_000;
    const found = await j.retryPending();
    expect(queries.length).toBe(before + 1);
    expect(found.map((o) => o.predictionId)).toEqual(['g9-7']);
    expect(j.stats().pendingLabels).toBe(99);
  });

  it('stores a label delivered twice as one row', async () => {
    const writer = new JoinedOutcomeWriter(warehouse);
    const j = joiner();
    j.addPredictions([prediction('dup', 'p1', BASE_MS), prediction('dup', 'p2', BASE_MS)]);
    const twiceInOneBatch = await j.addLabels([label('dup', 'p1', BASE_MS + 5), label('dup', 'p1', BASE_MS + 5)]);
    expect(twiceInOneBatch).toHaveLength(1);
    await writer.write(twiceInOneBatch);
    // Delivered again later (a replay): joined again, and the row replaces itself.
    const again = await j.addLabels([label('dup', 'p1', BASE_MS + 5), label('dup', 'p2', BASE_MS - 3)]);
    expect(again).toHaveLength(2);
    clock += 1000;
    await writer.write(again);
    // And pending twice before its prediction: pending once.
    await j.addLabels([label('dup', 'p3', BASE_MS), label('dup', 'p3', BASE_MS)]);
    await j.addLabels([label('dup', 'p3', BASE_MS)]);
    const p3 = j.addPredictions([prediction('dup', 'p3', BASE_MS)]);
    expect(p3).toHaveLength(1);
    await writer.write(p3);

    const rows = await (
      await warehouse.client.query({
        query: `SELECT prediction_id, label_event_id, label_class, toString(label_delay_ms) AS delay, toString(toUnixTimestamp64Milli(prediction_timestamp)) AS pt, scores, segments
                FROM joined_outcomes FINAL WHERE model_id = 'dup' ORDER BY prediction_id`,
        format: 'JSONEachRow',
      })
    ).json<Record<string, unknown>>();
    expect(rows).toEqual([
      { prediction_id: 'p1', label_event_id: 'g-p1', label_class: 'yes', delay: '5', pt: String(BASE_MS), scores: { yes: 0.75, no: 0.25 }, segments: { country: 'DE' } },
      { prediction_id: 'p2', label_event_id: 'g-p2', label_class: 'yes', delay: '-3', pt: String(BASE_MS), scores: { yes: 0.75, no: 0.25 }, segments: { country: 'DE' } },
      { prediction_id: 'p3', label_event_id: 'g-p3', label_class: 'yes', delay: '0', pt: String(BASE_MS), scores: { yes: 0.75, no: 0.25 }, segments: { country: 'DE' } },
    ]);
  });

  it('uses the prediction_id_bloom index for the look-up', async () => {
    const plan = await (
      await warehouse.client.query({
        query: `EXPLAIN indexes = 1 SELECT prediction_id FROM inference_events WHERE model_id = {model:String} AND prediction_id IN {ids:Array(String)}`,
        query_params: { model: 'old-a', ids: ['p1', 'p2'] },
        format: 'TabSeparatedRaw',
      })
    ).text();
    expect(plan).toContain('prediction_id_bloom');
  });
});
