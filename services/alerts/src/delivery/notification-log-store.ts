import type { NotificationLogEntry } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';

const COLUMNS = ['group_key', 'receiver', 'entry', 'updated_at'] as const;

/** The notification log in ClickHouse (`notification_log`): the newest entry per group and receiver wins. */
export class NotificationLogStore {
  private lastUpdate = 0;

  constructor(private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>) {}

  async save(entries: readonly NotificationLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const w = new RowBinaryWriter(4 * 1024);
    for (const entry of entries) {
      w.string(entry.groupKey);
      w.string(entry.receiver);
      w.string(JSON.stringify(entry));
      this.lastUpdate = Math.max(this.lastUpdate + 1, Date.now());
      w.int64(this.lastUpdate);
    }
    await this.warehouse.insertBinary({ table: 'notification_log', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }

  /** Entries written since `sinceMs` (older ones are past any repeat interval and escalation). */
  async load(sinceMs: number): Promise<NotificationLogEntry[]> {
    const result = await this.warehouse.client.query({
      query: `SELECT entry FROM notification_log FINAL WHERE updated_at >= fromUnixTimestamp64Milli({since:Int64})`,
      query_params: { since: sinceMs },
      format: 'JSONEachRow',
    });
    return (await result.json<{ entry: string }>()).map((r) => JSON.parse(r.entry) as NotificationLogEntry);
  }
}
