import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateGroundTruthEvent, validateInferenceEvent, type GroundTruthRecord, type InferenceRecord } from '@modelwatch/core';
import { RowBinaryWriter, migrate, openWarehouse, type Warehouse } from '@modelwatch/warehouse';
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

describe('event tables: a Native block stores the same rows as RowBinary', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-event-tables-'));
  let warehouse: Warehouse | undefined;
  afterAll(async () => {
    await warehouse?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function roundTrip<T>(table: EventTable<T>, records: readonly T[]): Promise<void> {
    warehouse ??= await openWarehouse({ database: 'event_tables_test', dataDir });
    await migrate(warehouse);
    const n = records.length;
    const rowBinary = new RowBinaryWriter(1024);
    const block = table.newBlock(4);
    records.forEach((r, i) => {
      table.writeRow(rowBinary, r, { topic: 'a.inference', partition: 1, offset: i }, BASE);
      block.append(r, { topic: 'b.inference', partition: 1, offset: i }, BASE);
    });
    expect(block.rows).toBe(n);
    await warehouse.insertRowBinary({ table: table.table, columns: table.columns, rows: rowBinary.bytes(), deduplicationToken: `a/1/0-${n - 1}/${n}` });
    const native = { table: table.table, columns: table.columns, rows: block.bytes(), format: 'Native' as const, deduplicationToken: `b/1/0-${n - 1}/${n}` };
    await warehouse.insertRowBinary(native);
    const read = async (topic: string) =>
      (
        await warehouse!.client.query({
          query: `SELECT * EXCEPT source_topic FROM ${table.table} WHERE source_topic = {topic:String} ORDER BY source_offset`,
          query_params: { topic },
          format: 'JSONEachRow',
        })
      ).json<Record<string, unknown>>();
    const a = await read('a.inference');
    expect(a).toHaveLength(n);
    expect(await read('b.inference')).toEqual(a);
  }

  it('inference events: every column, with nulls, empty maps and non-ASCII text', async () => {
    await roundTrip(INFERENCE_TABLE, Array.from({ length: 60 }, (_, i) => inference(i)));
  });

  it('ground-truth events', async () => {
    await roundTrip(GROUND_TRUTH_TABLE, Array.from({ length: 20 }, (_, i) => groundTruth(i)));
  });
});
