export * from './label-join/index.ts';
export { metricsModule } from './module.ts';
export { startMonitoringConsumer, type MonitoringConsumer, type MonitoringConsumerParts } from './monitoring-consumer.ts';
export { ReferenceStore, versionKey } from './references/reference-store.ts';
export { ReferenceCache } from './references/reference-cache.ts';
export { ReferenceWindowBuilder } from './references/reference-window-builder.ts';
export { WindowStateStore, type PartitionDeltas } from './windows/window-state-store.ts';
export { CheckpointStore } from './windows/checkpoint-store.ts';
export { PartitionWindows, type PartitionCheckpoint } from './windows/partition-windows.ts';
