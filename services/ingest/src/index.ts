export { ingestModule } from './module.ts';
export { BatchIngester, type BatchOutcome, type PartitionBatch, type SourceRecord } from './batch-ingester.ts';
export { GROUND_TRUTH_TABLE, INFERENCE_TABLE, type EventTable } from './event-tables.ts';
export { ReplayGuard } from './replay-guard.ts';
export { storedOffsets } from './stored-offsets.ts';
