import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { checkIdentifier, checkToken, sqlString } from './sql-names.ts';
import type { BinaryInsert, Warehouse } from './warehouse.ts';

export interface WarehouseOptions {
  /** ClickHouse server URL; without it the warehouse is chDB under `dataDir`. */
  readonly url?: string;
  readonly user?: string;
  readonly password?: string;
  readonly database: string;
  readonly dataDir: string;
}

/** Opens the warehouse and makes sure its database exists. Tables come from `migrate`. */
export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  const database = checkIdentifier(options.database, 'database');
  return options.url === undefined ? openEmbedded(options, database) : openServer(options, database);
}

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

async function openEmbedded(options: WarehouseOptions, database: string): Promise<Warehouse> {
  const path = resolve(options.dataDir, 'warehouse');
  const spool = join(path, 'spool');
  mkdirSync(spool, { recursive: true });
  // chdb is loaded only here, so server mode never pays for the 500 MB engine.
  const { createChdbConnection } = await import('chdb/connection');
  const connect = async (): Promise<ClickHouseClient> => {
    // chdb bundles its own copy of @clickhouse/client-common, so the types differ nominally
    // while the runtime contract is the same.
    const client = createClient({ connection: createChdbConnection({ path }) as unknown as ClientConnection });
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    await client.command({ query: `USE ${database}` });
    return client;
  };
  const client = await connect();
  return {
    mode: 'embedded',
    database,
    client,
    async insertBinary(insert: BinaryInsert): Promise<void> {
      if (insert.data.length === 0) return;
      // chDB takes binary input only from a file; the file lives under the data directory.
      const file = join(spool, `${randomUUID()}.${insert.format.toLowerCase()}`);
      await writeFile(file, insert.data);
      try {
        await client.command({ query: insertStatement(insert, `FROM INFILE ${sqlString(file)}`) });
      } finally {
        await unlink(file).catch(() => undefined);
      }
    },
    openSession: connect,
    close: () => client.close(),
  };
}

async function openServer(options: WarehouseOptions, database: string): Promise<Warehouse> {
  const auth = { username: options.user ?? 'default', password: options.password ?? '' };
  const bootstrap = createClient({ url: options.url, ...auth });
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } finally {
    await bootstrap.close();
  }
  const client = createClient({ url: options.url, ...auth, database });
  return {
    mode: 'server',
    database,
    client,
    async insertBinary(insert: BinaryInsert): Promise<void> {
      if (insert.data.length === 0) return;
      const result = await client.exec({ query: insertStatement(insert, ''), values: Readable.from([insert.data]) });
      result.stream.resume();
      await new Promise<void>((done, fail) => result.stream.once('end', done).once('error', fail));
    },
    close: () => client.close(),
  };
}

function insertStatement(insert: BinaryInsert, source: string): string {
  const table = checkIdentifier(insert.table, 'table');
  const columns = insert.columns.map((c) => checkIdentifier(c, 'column')).join(', ');
  // optimize_on_insert = 0: a ReplacingMergeTree otherwise runs its replacing merge over every
  // inserted block, which doubled the cost of an insert (see sql/README.md: duplicates of one
  // event are folded when parts merge, and by FINAL, as they always were across inserts).
  const settings = ['optimize_on_insert = 0'];
  if (insert.deduplicationToken !== undefined) settings.push(`insert_deduplication_token = '${checkToken(insert.deduplicationToken)}'`);
  return `INSERT INTO ${table} (${columns}) ${source} SETTINGS ${settings.join(', ')} FORMAT ${insert.format === 'Native' ? 'Native' : 'RowBinary'}`;
}
