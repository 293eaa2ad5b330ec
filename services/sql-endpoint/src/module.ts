import { WAREHOUSE, type ServiceModule } from '@modelwatch/runtime';
import { startSqlEndpoint } from './start-sql-endpoint.ts';

/**
 * `sql-endpoint`: ClickHouse's HTTP interface for the embedded warehouse, which only this
 * process can open. With a ClickHouse server (clickhouse.url) the server serves SQL itself and
 * this module does nothing.
 */
export const sqlEndpointModule: ServiceModule = {
  name: 'sql-endpoint',
  deps: ['warehouse'],
  isTarget: true,
  summary: 'ClickHouse-compatible HTTP endpoint over the embedded warehouse (analysts, CLI, Grafana, other processes)',
  async start({ config, log, use, ops }) {
    const warehouse = use(WAREHOUSE);
    if (warehouse.mode === 'server') {
      log.info('not needed: the ClickHouse server serves SQL', { url: config.clickhouse.url });
      return { stop: async () => undefined };
    }
    const endpoint = await startSqlEndpoint({ warehouse, host: config.sqlEndpoint.host, port: config.sqlEndpoint.port, users: config.sqlEndpoint.users, log });
    log.info('serving SQL', { url: endpoint.url });
    ops.addCheck({ name: 'sql-endpoint', ready: () => true });
    return { stop: () => endpoint.close() };
  },
};
