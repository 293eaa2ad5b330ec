import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { PartitionCheckpoint } from './partition-windows.ts';

const COLUMNS = ['consumer_group', 'source_topic', 'source_partition', 'epoch', 'next_offset', 'replay_from', 'watermark_ms', 'state', 'written_at'] as const;

/** A source partition, as Kafka names it. */
export interface SourcePartition {
  readonly topic: string;
  readonly partition: number;
}

export interface StoredCheckpoint extends SourcePartition {
  readonly checkpoint: PartitionCheckpoint;
}

/**
 * The metrics service's checkpoints in `metrics_checkpoints`, one current row per source
 * partition (the highest epoch). All partitions of one flush go in one insert, which ClickHouse
 * applies whole, so the partitions of one process never disagree about a flush.
 */
export class CheckpointStore {
  constructor(
    private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>,
    private readonly consumerGroup: string,
  ) {}

  async read(source: SourcePartition): Promise<PartitionCheckpoint | null> {
    const result = await this.warehouse.client.query({
      query: `SELECT epoch, next_offset, replay_from, state FROM metrics_checkpoints
              WHERE consumer_group = {group:String} AND source_topic = {topic:String} AND source_partition = {partition:UInt32}
              ORDER BY epoch DESC LIMIT 1`,
      query_params: { group: this.consumerGroup, topic: source.topic, partition: source.partition },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ epoch: string | number; next_offset: string | number; replay_from: string | number; state: string }>();
    const row = rows[0];
    if (row === undefined) return null;
    const state = JSON.parse(row.state) as { watermarkMs: number | null; openStarts: number[] };
    return {
      epoch: Number(row.epoch),
      nextOffset: Number(row.next_offset),
      replayFrom: Number(row.replay_from),
      watermarkMs: state.watermarkMs,
      openStarts: state.openStarts,
    };
  }

  async write(checkpoints: readonly StoredCheckpoint[], writtenAtMs: number): Promise<void> {
    if (checkpoints.length === 0) return;
    const w = new RowBinaryWriter(256 * checkpoints.length);
    for (const { topic, partition, checkpoint } of checkpoints) {
      w.string(this.consumerGroup);
      w.string(topic);
      w.uint32(partition);
      w.uint64(checkpoint.epoch);
      w.int64(checkpoint.nextOffset);
      w.int64(checkpoint.replayFrom);
      w.int64(checkpoint.watermarkMs ?? 0);
      w.string(JSON.stringify({ watermarkMs: checkpoint.watermarkMs, openStarts: checkpoint.openStarts }));
      w.int64(writtenAtMs);
    }
    await this.warehouse.insertBinary({ table: 'metrics_checkpoints', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }

  /**
   * The smallest current watermark over the given partitions: windows that close at or before it
   * are complete everywhere. A partition without a checkpoint has had no data, so it does not count.
   */
  async completeUpTo(topic: string, partitions: readonly number[]): Promise<number | null> {
    const result = await this.warehouse.client.query({
      query: `SELECT min(watermark) AS watermark, count() AS partitions FROM (
                SELECT source_partition, argMax(watermark_ms, epoch) AS watermark FROM metrics_checkpoints
                WHERE consumer_group = {group:String} AND source_topic = {topic:String} AND source_partition IN {partitions:Array(UInt32)}
                GROUP BY source_partition)`,
      query_params: { group: this.consumerGroup, topic, partitions: [...partitions] },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ watermark: string | number; partitions: string | number }>();
    return row && Number(row.partitions) > 0 ? Number(row.watermark) : null;
  }
}
