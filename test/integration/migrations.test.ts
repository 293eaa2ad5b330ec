import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrate, openWarehouse } from '@modelwatch/warehouse';

describe('migrations on chDB', () => {
  const root = mkdtempSync(join(tmpdir(), 'modelwatch-migrate-'));
  const dir = join(root, 'sql');
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('applies each migration once, survives a reopen, and refuses an edited one', async () => {
    let warehouse = await openWarehouse({ database: 'modelwatch', dataDir: join(root, 'data') });
    const first = await migrate(warehouse, dir);
    expect(first.applied).toContain('0001_raw_events');
    expect(first.alreadyApplied).toEqual([]);
    expect(await migrate(warehouse, dir)).toEqual({ applied: [], alreadyApplied: first.applied });
    await warehouse.close();

    writeFileSync(join(dir, '9999_extra.sql'), 'CREATE TABLE IF NOT EXISTS extra (a UInt8) ENGINE = MergeTree ORDER BY a;\n');
    warehouse = await openWarehouse({ database: 'modelwatch', dataDir: join(root, 'data') });
    try {
      expect((await migrate(warehouse, dir)).applied).toEqual(['9999_extra']);
      const tables = await (await warehouse.client.query({ query: 'SHOW TABLES', format: 'JSONEachRow' })).json<{ name: string }>();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['inference_events', 'ground_truth_events', 'ingest_rejections', 'schema_migrations', 'extra']));

      appendFileSync(join(dir, '9999_extra.sql'), '-- edited\n');
      await expect(migrate(warehouse, dir)).rejects.toThrow('migration 9999_extra was changed after it was applied');
    } finally {
      await warehouse.close();
    }
  });
});
