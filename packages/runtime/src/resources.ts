import type { Warehouse } from '@modelwatch/warehouse';
import { resource } from './service-module.ts';

/** Resources shared between modules. Each is provided by exactly one module. */
export const WAREHOUSE = resource<Warehouse>('warehouse');
