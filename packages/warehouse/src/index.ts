export { openWarehouse, type WarehouseOptions } from './open-warehouse.ts';
export type { BinaryInsert, InsertFormat, Warehouse } from './warehouse.ts';
export { RowBinaryWriter } from './row-binary-writer.ts';
export { NativeBlockWriter } from './native-block-writer.ts';
export { DEFAULT_MIGRATIONS_DIR, loadMigrations, migrate, type Migration, type MigrationReport } from './migrations.ts';
export { checkIdentifier } from './sql-names.ts';
