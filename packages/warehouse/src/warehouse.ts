import type { ClickHouseClient } from '@clickhouse/client';

/** The binary formats modelwatch writes: Native (one column-major block) or RowBinary (rows). */
export type InsertFormat = 'Native' | 'RowBinary';

export interface BinaryInsert {
  readonly table: string;
  /** Column names, in the order the data holds them. */
  readonly columns: readonly string[];
  readonly format: InsertFormat;
  /** A NativeBlockWriter's or a RowBinaryWriter's bytes. */
  readonly data: Buffer;
  /**
   * Makes the insert idempotent: the same token twice stores the rows once, within the
   * table's `non_replicated_deduplication_window`. Use it for any insert that may be retried.
   */
  readonly deduplicationToken?: string;
}

/**
 * The ClickHouse that holds modelwatch's data: chDB in this process (embedded) or a server.
 * Both are reached through @clickhouse/client, so queries are written once.
 */
export interface Warehouse {
  readonly mode: 'embedded' | 'server';
  readonly database: string;
  /** A client whose current database is `database`. Never pass `clickhouse_settings` to it: see below. */
  readonly client: ClickHouseClient;
  /** Inserts the data in one statement. */
  insertBinary(insert: BinaryInsert): Promise<void>;
  /**
   * Embedded only: a client on a session of its own. chDB keeps `SET` (and the
   * `clickhouse_settings` the client turns into `SET`) for the rest of a session, so
   * anything that needs per-request settings, such as read-only analysts, opens one here
   * and closes it afterwards.
   */
  openSession?(): Promise<ClickHouseClient>;
  close(): Promise<void>;
}
