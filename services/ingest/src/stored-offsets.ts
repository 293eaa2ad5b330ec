import type { Warehouse } from '@modelwatch/warehouse';
import { checkIdentifier } from '@modelwatch/warehouse';

/**
 * The offsets of one topic partition, from `from` on, that are already in the warehouse, as
 * stored events or as recorded rejections. The `by_source_offset` projection of each table
 * turns this into a range read, however large the table.
 */
export async function storedOffsets(warehouse: Warehouse, table: string, topic: string, partition: number, from: number): Promise<Set<number>> {
  const where = 'source_topic = {topic:String} AND source_partition = {partition:UInt32} AND source_offset >= {from:UInt64}';
  const result = await warehouse.client.query({
    query: `SELECT source_offset FROM ${checkIdentifier(table)} WHERE ${where} UNION ALL SELECT source_offset FROM ingest_rejections WHERE ${where}`,
    query_params: { topic, partition, from },
    format: 'JSONCompactEachRow',
  });
  const rows = await result.json<[string | number]>();
  return new Set(rows.map((row) => Number(row[0])));
}
