export { addTo, countSumAggregate, type CountSum, type MergeableAggregate } from './aggregate.ts';
export { rollUp } from './rollup.ts';
export { partitionId, Watermark, type PartitionId, type PartitionWatermark, type WatermarkOptions, type WatermarkSnapshot } from './watermark.ts';
export {
  ALL_SEGMENTS, compareWindowKeys, parseWindowKey, seriesKeyString, seriesOf, windowKeyString,
  type SegmentedEvent, type SeriesKey, type WindowKey,
} from './window-key.ts';
export {
  WindowStore, type AddOutcome, type WindowOutput, type WindowResult, type WindowStoreOptions, type WindowStoreSnapshot,
} from './window-store.ts';
export {
  assertRollupAligned, baseWindowStarts, DEFAULT_WINDOW_MS, ROLLUP_MS, rollupStart, windowEnd, windowStart, type RollupName,
} from './window-time.ts';
