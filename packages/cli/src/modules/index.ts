import { alertsModule } from '@modelwatch/alerts';
import { ingestModule } from '@modelwatch/ingest';
import { metricsModule } from '@modelwatch/metrics';
import type { ServiceModule } from '@modelwatch/runtime';
import { sqlEndpointModule } from '@modelwatch/sql-endpoint';
import { warehouseModule } from './warehouse-module.ts';

/**
 * Every module of modelwatch, the one place where they are registered. `--targets all` runs
 * each module marked as a target, with the dependencies it declares.
 */
export const MODULES: readonly ServiceModule[] = [warehouseModule, sqlEndpointModule, ingestModule, metricsModule, alertsModule];
