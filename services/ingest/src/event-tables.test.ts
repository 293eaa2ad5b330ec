import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthRecord, type InferenceRecord } from '@modelwatch/core';
import { migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
import { GROUND_TRUTH_TABLE, INFERENCE_TABLE, type EventTable } from './event-tables.ts';

const BASE = Date.UTC(2026, 10, 28);

function inference(i: number): InferenceRecord {
  const result = validateInferenceEvent({
    ...(i % 3 ? { event_id: `e-${i}` } : {}),
    model_id: i % 2 ? 'fraud' : 'modèle-😀',
    model_version: `v${i % 4}`,
    prediction_id: `p-${i}`,
    timestamp: BASE + i,
    features: { amount: i * 1.25, country: ['DE', 'FR', 'Ελλάδα'][i % 3]!, is_new: i % 2 === 0, age: i % 5 ? 30 + i : null, ...(i % 7 ? {} : { extra: null }) },
    prediction: i % 2 ? 'yes' : i / 10,
    ...(i % 4 ? { scores: { yes: 0.25, no: 0.75 } } : {}),
    ...(i % 3 ? { latency_ms: i } : {}),
    ...(i % 6 === 5 ? { status: 'error' } : {}),
    ...(i % 2 ? { segments: { region: 'eu', tier: 'gold' } } : {}),
    ...(i % 5 === 1 ? { attributions: { amount: -0.5, age: 0.1 } } : {}),
  });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function groundTruth(i: number): GroundTruthRecord {
  const result = validateGroundTruthEvent({ model_id: 'fraud', prediction_id: `p-${i}`, label: i % 2 ? 'yes' : i * 0.5, timestamp: BASE + i, ...(i % 3 ? { event_id: `g-${i}` } : {}) });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

/** The same rows as JSONEachRow, which the engine parses itself: the oracle for the Native block. */
function inferenceJson(r: InferenceRecord): Record<string, unknown> {
  return {
    event_id: r.eventId, model_id: r.modelId, model_version: r.modelVersion, prediction_id: r.predictionId, timestamp: r.timestampMs,
    numeric_features: r.numericFeatures, categorical_features: r.categoricalFeatures, missing_features: r.missingFeatures,
    prediction_value: r.predictionValue, prediction_label: r.predictionLabel, scores: r.scores, latency_ms: r.latencyMs, status: r.status,
    segments: r.segments, attributions: r.attributions,
  };
}

function groundTruthJson(r: GroundTruthRecord): Record<string, unknown> {
  return { event_id: r.eventId, model_id: r.modelId, prediction_id: r.predictionId, label_value: r.labelValue, label_class: r.labelClass, timestamp: r.timestampMs };
}

describe('event tables: a Native block stores the same rows as the engine parses from JSON', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-event-tables-'));
  let warehouse: Warehouse | undefined;
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function roundTrip<T>(table: EventTable<T>, records: readonly T[], asJson: (r: T) => Record<string, unknown>): Promise<void> {
    warehouse ??= await openWarehouse({ database: 'event_tables_test', dataDir });
    await migrate(warehouse);
    const n = records.length;
    const block = table.newBlock(4);
    records.forEach((r, i) => block.append(r, { topic: 'native.inference', partition: 1, offset: i }, BASE));
    expect(block.rows).toBe(n);
    await warehouse.insertBinary({ table: table.table, columns: table.columns, format: 'Native', data: block.bytes(), deduplicationToken: `n/1/0-${n - 1}/${n}` });
    await warehouse.client.insert({
      table: table.table,
      format: 'JSONEachRow',
      values: records.map((r, i) => ({ ...asJson(r), source_topic: 'json.inference', source_partition: 1, source_offset: i, ingested_at: BASE })),
    });
    const read = async (topic: string) =>
      (
        await warehouse!.client.query({
          query: `SELECT * EXCEPT source_topic FROM ${table.table} WHERE source_topic = {topic:String} ORDER BY source_offset`,
          query_params: { topic },
          format: 'JSONEachRow',
        })
      ).json<Record<string, unknown>>();
    const fromJson = await read('json.inference');
    expect(fromJson).toHaveLength(n);
    expect(await read('native.inference')).toEqual(fromJson);
  }

  it('inference events: every column, with nulls, empty maps and non-ASCII text', async () => {
    await roundTrip(INFERENCE_TABLE, Array.from({ length: 60 }, (_, i) => inference(i)), inferenceJson);
  });

  it('ground-truth events', async () => {
    await roundTrip(GROUND_TRUTH_TABLE, Array.from({ length: 20 }, (_, i) => groundTruth(i)), groundTruthJson);
  });
});
