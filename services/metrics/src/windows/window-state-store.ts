import { ModelWindowState, windowKeyString, type WindowKey, type WindowResult } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { SourcePartition } from './checkpoint-store.ts';
import { WINDOW_KEY_COLUMNS, writeWindowKey } from './window-key-columns.ts';

const COLUMNS = [
  ...WINDOW_KEY_COLUMNS,
  'source_topic', 'source_partition', 'epoch', 'kind', 'events', 'state', 'written_at',
] as const;

/** The window deltas of one source partition's flush. */
export interface PartitionDeltas extends SourcePartition {
  readonly epoch: number;
  readonly closed: readonly WindowResult<ModelWindowState>[];
  readonly corrections: readonly WindowResult<ModelWindowState>[];
}

/**
 * Window states as deltas in `window_states`: a window's state is the merge of all its rows.
 * Rows carry their source partition and epoch, so the rows of an epoch whose checkpoint never
 * landed can be deleted before the partition is replayed.
 */
export class WindowStateStore {
  constructor(private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>) {}

  /** Writes every delta of one flush in one insert; the token makes a retry of it idempotent. */
  async write(deltas: readonly PartitionDeltas[], writtenAtMs: number, token: string): Promise<number> {
    let rows = 0;
    const w = new RowBinaryWriter(64 * 1024);
    for (const d of deltas) {
      for (const [kind, results] of [[1, d.closed], [2, d.corrections]] as const) {
        for (const { key, windowEndMs, state } of results) {
          writeWindowKey(w, key, windowEndMs);
          w.string(d.topic);
          w.uint32(d.partition);
          w.uint64(d.epoch);
          w.int8(kind);
          w.uint64(state.events);
          w.string(JSON.stringify(state.toJSON()));
          w.int64(writtenAtMs);
          rows += 1;
        }
      }
    }
    if (rows > 0) await this.warehouse.insertBinary({ table: 'window_states', columns: COLUMNS, format: 'RowBinary', data: w.bytes(), deduplicationToken: token });
    return rows;
  }

  /** Deletes the rows a partition wrote after its checkpoint's epoch: they were never checkpointed. */
  async deleteAfter(source: SourcePartition, epoch: number): Promise<void> {
    await this.warehouse.client.command({
      query: `DELETE FROM window_states WHERE source_topic = {topic:String} AND source_partition = {partition:UInt32} AND epoch > {epoch:UInt64}`,
      query_params: { topic: source.topic, partition: source.partition, epoch },
    });
  }

  /** The merged state of each window (all its deltas), by windowKeyString. */
  async readMerged(keys: readonly WindowKey[]): Promise<Map<string, ModelWindowState>> {
    const merged = new Map<string, ModelWindowState>();
    if (keys.length === 0) return merged;
    const result = await this.warehouse.client.query({
      query: `SELECT model_id, model_version, segment_name, segment_value, toUnixTimestamp64Milli(window_start) AS start, state
              FROM window_states
              WHERE (model_id, model_version, segment_name, segment_value, toUnixTimestamp64Milli(window_start)) IN
                    (SELECT untuple(arrayJoin(arrayZip({models:Array(String)}, {versions:Array(String)}, {names:Array(String)}, {values:Array(String)}, {starts:Array(Int64)}))))`,
      query_params: {
        models: keys.map((k) => k.modelId),
        versions: keys.map((k) => k.modelVersion),
        names: keys.map((k) => k.segmentName),
        values: keys.map((k) => k.segmentValue),
        starts: keys.map((k) => k.windowStartMs),
      },
      format: 'JSONEachRow',
    });
    for (const row of await result.json<{ model_id: string; model_version: string; segment_name: string; segment_value: string; start: string | number; state: string }>()) {
      const id = windowKeyString({ modelId: row.model_id, modelVersion: row.model_version, segmentName: row.segment_name, segmentValue: row.segment_value, windowStartMs: Number(row.start) });
      const state = ModelWindowState.fromJSON(JSON.parse(row.state));
      const known = merged.get(id);
      merged.set(id, known === undefined ? state : ModelWindowState.merge(known, state));
    }
    return merged;
  }
}
