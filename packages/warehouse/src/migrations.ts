import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Warehouse } from './warehouse.ts';

/** The repository's sql/ folder: numbered migrations, applied in order. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../sql/', import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/** Reads `NNNN_name.sql` files. Statements are separated by a `;` at the end of a line. */
export async function loadMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const statements = text
      .split(/;\s*$/m)
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter((s) => s.length > 0);
    migrations.push({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      statements,
      checksum: createHash('sha256').update(text).digest('hex'),
    });
  }
  const versions = new Set<number>();
  for (const m of migrations) {
    if (versions.has(m.version)) throw new Error(`two migrations share version ${m.version} in ${dir}: renumber one`);
    versions.add(m.version);
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`. Every statement is written
 * to be repeatable (IF NOT EXISTS), so a migration interrupted half-way is simply run again.
 * A recorded migration whose file changed is refused: add a new migration instead.
 */
export async function migrate(warehouse: Warehouse, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationReport> {
  const { client } = warehouse;
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const recorded = await (
    await client.query({ query: 'SELECT version, name, checksum FROM schema_migrations FINAL', format: 'JSONEachRow' })
  ).json<{ version: number; name: string; checksum: string }>();
  const byVersion = new Map(recorded.map((r) => [Number(r.version), r]));
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of await loadMigrations(dir)) {
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    const previous = byVersion.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new Error(`migration ${label} was changed after it was applied; put the change in a new migration file instead`);
      }
      alreadyApplied.push(label);
      continue;
    }
    for (const statement of migration.statements) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      format: 'JSONEachRow',
      values: [{ version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: Date.now() }],
    });
    applied.push(label);
  }
  return { applied, alreadyApplied };
}
