import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { migrate, openWarehouse } from '@modelwatch/warehouse';

/**
 * `warehouse`: opens ClickHouse (chDB in this process, or the server at clickhouse.url) and
 * applies the migrations, so every service starts on an up-to-date schema.
 */
export const warehouseModule: ServiceModule = {
  name: 'warehouse',
  deps: [],
  isTarget: false,
  summary: 'the ClickHouse warehouse (embedded chDB or a server), migrated at start',
  async start({ config, log, provide }) {
    const warehouse = await openWarehouse({ ...config.clickhouse, dataDir: config.dataDir });
    const report = await migrate(warehouse);
    log.info('warehouse ready', { mode: warehouse.mode, database: warehouse.database, applied: report.applied });
    provide(WAREHOUSE, warehouse);
    return { stop: () => warehouse.close() };
  },
};
