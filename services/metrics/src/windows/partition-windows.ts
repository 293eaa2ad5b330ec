import {
  inputTimeMs, windowStart, WindowStore, type MergeableAggregate, type ModelWindowState, type WindowInput, type WindowOutput,
} from '@modelwatch/core';
import { inputSeries } from './window-series.ts';

/** Where a source partition stood at its last checkpoint (a `metrics_checkpoints` row). */
export interface PartitionCheckpoint {
  readonly epoch: number;
  /** The first offset not yet processed. */
  readonly nextOffset: number;
  /** The smallest offset with an event in a window that was still open: replay starts here. */
  readonly replayFrom: number;
  readonly watermarkMs: number | null;
  /** Window starts that were open: only events of these starts are added again on replay. */
  readonly openStarts: readonly number[];
}

export interface PartitionWindowsOptions {
  readonly aggregate: MergeableAggregate<WindowInput, ModelWindowState>;
  readonly sizeMs: number;
  readonly allowedLatenessMs: number;
}

export type AddResult = 'open' | 'late' | 'replayed';

/**
 * The open windows of one source partition, and what it takes to rebuild them after a crash
 * without a checkpoint of the windows themselves (which would be large): the smallest offset
 * of each open window's events.
 *
 * Replay rule. At a checkpoint every event before `nextOffset` is either in a window that was
 * written (closed, or a correction) or in a window still open. Open windows are lost with the
 * process, so the next owner reads again from `replayFrom` and re-adds an event before
 * `nextOffset` only when its window start was open; the others were written already. A window
 * start never reopens once closed, so an event of an open start was in the open state.
 */
export class PartitionWindows {
  readonly store: WindowStore<WindowInput, ModelWindowState>;
  private nextOffsetValue: number;
  private epochValue: number;
  private readonly minOffsetByStart = new Map<number, number>();
  private readonly replayBefore: number;
  private readonly replayOpenStarts: ReadonlySet<number>;
  private changedSinceCheckpoint = false;
  private readonly restoredReplayFrom: number | null;
  /**
   * The next offset this instance takes: the checkpoint's replayFrom, or 0 for a partition never
   * checkpointed (if retention removed offset 0, the seek lands on the first kept record, a gap
   * `admit` accepts the second time).
   */
  private expectedNext: number;
  private lastSeek: number | null = null;
  /** One past the last offset this process has processed. */
  private processedUpTo = -1;

  constructor(options: PartitionWindowsOptions, checkpoint: PartitionCheckpoint | null) {
    this.store = new WindowStore<WindowInput, ModelWindowState>({
      aggregate: options.aggregate,
      eventTimeOf: inputTimeMs,
      seriesOf: inputSeries,
      allowedLatenessMs: options.allowedLatenessMs,
      sizeMs: options.sizeMs,
    });
    if (checkpoint?.watermarkMs !== null && checkpoint?.watermarkMs !== undefined) this.store.advance(checkpoint.watermarkMs);
    this.nextOffsetValue = checkpoint?.nextOffset ?? -1;
    this.epochValue = checkpoint?.epoch ?? 0;
    this.replayBefore = checkpoint?.nextOffset ?? -1;
    this.replayOpenStarts = new Set(checkpoint?.openStarts ?? []);
    this.restoredReplayFrom = checkpoint?.replayFrom ?? null;
    this.expectedNext = this.restoredReplayFrom ?? 0;
  }

  /**
   * Checks where a batch starts. Records are taken in offset order, once: a batch that starts past
   * the next expected offset (the consumer's position ran ahead of this instance, e.g. after a
   * rebalance or a restore) asks for a seek back to it; records before it are skipped by `add`.
   * A second gap at the same place is a real one (a transaction marker) and is accepted.
   */
  admit(firstOffset: number): { readonly seekTo: number } | null {
    if (firstOffset <= this.expectedNext || this.lastSeek === this.expectedNext) return null;
    this.lastSeek = this.expectedNext;
    return { seekTo: this.expectedNext };
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** The next offset to process; -1 before the first record of a partition never checkpointed. */
  get nextOffset(): number {
    return this.nextOffsetValue;
  }

  /** True when the record at `offset` is before the checkpoint and its window was written already. */
  isWritten(offset: number, eventTimeMs: number): boolean {
    return offset < this.replayBefore && !this.replayOpenStarts.has(windowStart(eventTimeMs, this.store.sizeMs));
  }

  /**
   * False while a restored partition is still replaying the records before its checkpoint's next
   * offset. Its open windows are only partly rebuilt then, so it must not be checkpointed: the
   * old checkpoint stays current, and the deltas written meanwhile are confirmed (or deleted, after
   * a crash) by the next checkpoint.
   */
  get replayComplete(): boolean {
    return this.processedUpTo >= this.replayBefore || this.restoredReplayFrom === this.replayBefore;
  }

  /** True when a record, a closed window or a watermark move happened since the last checkpoint. */
  get changed(): boolean {
    return this.changedSinceCheckpoint;
  }

  /** Adds the inputs of the record at `offset` (all of one event time), unless they were written already. */
  add(offset: number, inputs: readonly WindowInput[]): AddResult | 'written' | 'duplicate' {
    if (offset < this.expectedNext) return 'duplicate';
    this.expectedNext = offset + 1;
    this.changedSinceCheckpoint = true;
    this.nextOffsetValue = Math.max(this.nextOffsetValue, offset + 1);
    this.processedUpTo = Math.max(this.processedUpTo, offset + 1);
    const first = inputs[0];
    if (first === undefined) return 'open';
    const time = inputTimeMs(first);
    if (this.isWritten(offset, time)) return 'written';
    let result: AddResult = 'open';
    for (const input of inputs) {
      const outcome = this.store.add(input);
      if (outcome === 'late') result = 'late';
    }
    if (result === 'open') {
      const start = windowStart(time, this.store.sizeMs);
      const known = this.minOffsetByStart.get(start);
      if (known === undefined || offset < known) this.minOffsetByStart.set(start, offset);
    }
    return offset < this.replayBefore && result === 'open' ? 'replayed' : result;
  }

  /** Marks offsets up to `offset` as processed (records that produced no input, such as invalid ones). */
  passed(offset: number): void {
    if (offset < this.expectedNext) return;
    this.expectedNext = offset + 1;
    this.changedSinceCheckpoint = true;
    this.nextOffsetValue = Math.max(this.nextOffsetValue, offset + 1);
    this.processedUpTo = Math.max(this.processedUpTo, offset + 1);
  }

  /**
   * Late corrections (and windows closed early) not yet returned, without moving the watermark:
   * for a flush before the consumer has a watermark. A checkpoint must never be taken with
   * corrections still in memory, or a replay would skip their events as written.
   */
  drain(): WindowOutput<ModelWindowState> {
    const output = this.store.drain();
    if (output.closed.length > 0 || output.corrections.length > 0) this.changedSinceCheckpoint = true;
    return output;
  }

  /** Closes windows up to the watermark; the output must be written before `checkpoint()` is. */
  advance(watermarkMs: number): WindowOutput<ModelWindowState> {
    const before = this.store.watermarkMs;
    const output = this.store.advance(watermarkMs);
    if (this.store.watermarkMs !== before || output.closed.length > 0 || output.corrections.length > 0) this.changedSinceCheckpoint = true;
    const open = new Set(this.store.openWindowStarts());
    for (const start of [...this.minOffsetByStart.keys()]) if (!open.has(start)) this.minOffsetByStart.delete(start);
    return output;
  }

  /**
   * The next checkpoint (a new epoch), valid once the output of the last `advance` is stored. Its
   * epoch also tags that output. Store it only when `replayComplete`.
   */
  nextCheckpoint(): PartitionCheckpoint {
    this.epochValue += 1;
    this.changedSinceCheckpoint = false;
    let replayFrom = this.nextOffsetValue;
    for (const offset of this.minOffsetByStart.values()) replayFrom = Math.min(replayFrom, offset);
    const watermark = this.store.watermarkMs;
    return {
      epoch: this.epochValue,
      nextOffset: this.nextOffsetValue,
      replayFrom,
      watermarkMs: Number.isFinite(watermark) ? watermark : null,
      openStarts: this.store.openWindowStarts(),
    };
  }
}
