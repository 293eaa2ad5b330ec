import type { Notification } from '@modelwatch/core';
import { RowBinaryWriter, type Warehouse } from '@modelwatch/warehouse';
import type { ReceiverData } from '../channels/notifier.ts';

export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** One notification on its way to one integration of a receiver (a row of `notification_outbox`). */
export interface OutboxEntry {
  readonly notification: Notification;
  /** `receiver/kind/index`: which integration of which receiver. */
  readonly integration: string;
  readonly kind: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string;
  readonly receiverData: ReceiverData | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const COLUMNS = [
  'notification_id', 'integration', 'receiver', 'kind', 'group_key', 'status', 'attempts', 'next_attempt_at',
  'last_error', 'receiver_data', 'notification', 'created_at', 'updated_at',
] as const;

const STATUS_CODE: Record<OutboxStatus, number> = { pending: 1, delivered: 2, failed: 3 };

interface OutboxRow {
  integration: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  receiver_data: string;
  notification: string;
  created_at: string;
  updated_at: string;
}

/**
 * The outbox in ClickHouse: a notification is stored before its first attempt and every
 * attempt stores its outcome, so a restart finds what is still to send. The newest version of
 * a row wins (ReplacingMergeTree on `updated_at`).
 */
export class OutboxStore {
  constructor(private readonly warehouse: Pick<Warehouse, 'client' | 'insertBinary'>) {}

  async save(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const w = new RowBinaryWriter(16 * 1024);
    for (const e of entries) {
      w.string(e.notification.id);
      w.string(e.integration);
      w.string(e.notification.receiver);
      w.string(e.kind);
      w.string(e.notification.groupKey);
      w.int8(STATUS_CODE[e.status]);
      w.uint32(e.attempts);
      w.int64(e.nextAttemptAt);
      w.string(e.lastError);
      w.string(e.receiverData ? JSON.stringify(e.receiverData) : '');
      w.string(JSON.stringify(e.notification));
      w.int64(e.createdAt);
      w.int64(e.updatedAt);
    }
    await this.warehouse.insertBinary({ table: 'notification_outbox', columns: COLUMNS, format: 'RowBinary', data: w.bytes() });
  }

  /** Entries still to deliver, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    const result = await this.warehouse.client.query({
      query: `SELECT integration, kind, status, attempts, toUnixTimestamp64Milli(next_attempt_at) AS next_attempt_at, last_error,
                     receiver_data, notification, toUnixTimestamp64Milli(created_at) AS created_at, toUnixTimestamp64Milli(updated_at) AS updated_at
              FROM notification_outbox FINAL WHERE status = 'pending' ORDER BY created_at, notification_id, integration`,
      format: 'JSONEachRow',
    });
    return (await result.json<OutboxRow>()).map(fromRow);
  }

  /** What each integration last returned for each group (Slack's thread), by `groupKey` + integration. */
  async receiverData(): Promise<Map<string, ReceiverData>> {
    const result = await this.warehouse.client.query({
      query: `SELECT group_key, integration, argMax(o.receiver_data, o.updated_at) AS data
              FROM notification_outbox AS o WHERE o.status = 'delivered' AND o.receiver_data != ''
              GROUP BY group_key, integration`,
      format: 'JSONEachRow',
    });
    const found = new Map<string, ReceiverData>();
    for (const row of await result.json<{ group_key: string; integration: string; data: string }>()) {
      found.set(receiverDataKey(row.group_key, row.integration), JSON.parse(row.data) as ReceiverData);
    }
    return found;
  }
}

export function receiverDataKey(groupKey: string, integration: string): string {
  return `${groupKey}\u0000${integration}`;
}

function fromRow(row: OutboxRow): OutboxEntry {
  const notification = JSON.parse(row.notification) as Notification;
  return {
    notification,
    integration: row.integration,
    kind: row.kind,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    receiverData: row.receiver_data === '' ? undefined : (JSON.parse(row.receiver_data) as ReceiverData),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
