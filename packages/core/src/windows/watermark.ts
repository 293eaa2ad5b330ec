/** A Kafka partition, e.g. `partitionId('inference', 3)`; any string works. */
export type PartitionId = string;

export function partitionId(topic: string, partition: number): PartitionId {
  return `${topic}:${partition}`;
}

export interface WatermarkOptions {
  /**
   * A partition that has not delivered a record for this long (processing time, the `nowMs` the
   * caller passes) is idle and no longer holds the watermark back. Default 60 000 ms.
   */
  idleTimeoutMs?: number;
  /**
   * Event times more than this far ahead of `nowMs` count only as `nowMs + maxFutureSkewMs` for the
   * watermark, so one producer with a wrong clock cannot close every window early. The event itself
   * is not changed. Default: no limit.
   */
  maxFutureSkewMs?: number;
}

export interface PartitionWatermark {
  readonly partition: PartitionId;
  /** The largest event time seen on the partition; -Infinity before its first record. */
  readonly maxEventTimeMs: number;
  /** Processing time of its last record, or of its assignment if none came since. */
  readonly lastActivityMs: number;
}

export interface WatermarkSnapshot {
  readonly version: 1;
  /** The last watermark reported; null for -Infinity. */
  readonly watermarkMs: number | null;
  /** Largest event time per partition; null for none yet. */
  readonly partitions: Readonly<Record<PartitionId, number | null>>;
}

interface PartitionState {
  maxEventTimeMs: number;
  lastActivityMs: number;
}

/**
 * The event-time watermark of one consumer.
 *
 * Rules:
 * - Each assigned partition's time is the largest event time seen on it (Kafka keeps order within
 *   a partition, not between partitions).
 * - The watermark is the minimum over the assigned partitions that are not idle. A partition is idle
 *   when it delivered no record for `idleTimeoutMs`; it holds the watermark back again from its next
 *   record. If every partition is idle, the watermark is the largest of their times: all of them are
 *   caught up, and nothing is arriving.
 * - A newly assigned partition without records holds the watermark where it is until its first
 *   record or its idle timeout.
 * - The watermark never goes back (a rebalance or a partition waking up cannot reopen windows);
 *   records behind it are late for the window store, which counts them as corrections.
 * - -Infinity until some partition has a time.
 *
 * Declaring a partition idle too early never loses data; it only turns its next records into late
 * corrections.
 */
export class Watermark {
  readonly idleTimeoutMs: number;
  readonly maxFutureSkewMs: number;
  private readonly partitions = new Map<PartitionId, PartitionState>();
  private watermarkMs = -Infinity;

  constructor(options: WatermarkOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? Infinity;
    if (!(this.idleTimeoutMs > 0)) throw new RangeError(`idleTimeoutMs must be positive, got ${this.idleTimeoutMs}`);
    if (!(this.maxFutureSkewMs >= 0)) throw new RangeError(`maxFutureSkewMs must be >= 0, got ${this.maxFutureSkewMs}`);
  }

  /** Adds partitions (after a rebalance); ones already assigned keep their time. */
  assign(partitions: Iterable<PartitionId>, nowMs: number): void {
    for (const partition of partitions) {
      if (!this.partitions.has(partition)) this.partitions.set(partition, { maxEventTimeMs: -Infinity, lastActivityMs: nowMs });
    }
  }

  /** Removes partitions (revoked or lost); they no longer hold the watermark back. */
  revoke(partitions: Iterable<PartitionId>): void {
    for (const partition of partitions) this.partitions.delete(partition);
  }

  /** Records one record's event time; assigns the partition if it was not. */
  observe(partition: PartitionId, eventTimeMs: number, nowMs: number): void {
    if (!Number.isFinite(eventTimeMs)) throw new RangeError(`eventTimeMs must be finite, got ${eventTimeMs}`);
    const time = Math.min(eventTimeMs, nowMs + this.maxFutureSkewMs);
    const state = this.partitions.get(partition);
    if (state === undefined) {
      this.partitions.set(partition, { maxEventTimeMs: time, lastActivityMs: nowMs });
    } else {
      state.maxEventTimeMs = Math.max(state.maxEventTimeMs, time);
      state.lastActivityMs = Math.max(state.lastActivityMs, nowMs);
    }
  }

  /**
   * Marks a partition active without an event time: a partition with records waiting to be read
   * (a backlog) is not idle, even when the consumer is busy with other partitions for a while.
   */
  touch(partition: PartitionId, nowMs: number): void {
    const state = this.partitions.get(partition);
    if (state !== undefined) state.lastActivityMs = Math.max(state.lastActivityMs, nowMs);
  }

  isIdle(partition: PartitionId, nowMs: number): boolean {
    const state = this.partitions.get(partition);
    return state !== undefined && nowMs - state.lastActivityMs >= this.idleTimeoutMs;
  }

  /** The watermark at processing time `nowMs` (see the class comment); never less than before. */
  current(nowMs: number): number {
    let activeMin = Infinity;
    let idleMax = -Infinity;
    let anyActive = false;
    for (const state of this.partitions.values()) {
      if (nowMs - state.lastActivityMs >= this.idleTimeoutMs) {
        idleMax = Math.max(idleMax, state.maxEventTimeMs);
      } else {
        anyActive = true;
        activeMin = Math.min(activeMin, state.maxEventTimeMs);
      }
    }
    const computed = anyActive ? activeMin : idleMax;
    this.watermarkMs = Math.max(this.watermarkMs, computed);
    return this.watermarkMs;
  }

  /** The assigned partitions and their times, by partition id. */
  partitionStates(): PartitionWatermark[] {
    return [...this.partitions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([partition, state]) => ({ partition, ...state }));
  }

  /** Event times only: idleness is processing time and restarts with the process. */
  toJSON(): WatermarkSnapshot {
    const partitions: Record<PartitionId, number | null> = {};
    for (const { partition, maxEventTimeMs } of this.partitionStates()) {
      partitions[partition] = Number.isFinite(maxEventTimeMs) ? maxEventTimeMs : null;
    }
    return { version: 1, watermarkMs: Number.isFinite(this.watermarkMs) ? this.watermarkMs : null, partitions };
  }

  /** Restores a snapshot; every partition counts as active from `nowMs`. */
  static fromJSON(snapshot: WatermarkSnapshot, nowMs: number, options: WatermarkOptions = {}): Watermark {
    if (snapshot.version !== 1) throw new TypeError(`unknown watermark snapshot version ${String(snapshot.version)}`);
    const watermark = new Watermark(options);
    watermark.watermarkMs = snapshot.watermarkMs ?? -Infinity;
    for (const [partition, time] of Object.entries(snapshot.partitions)) {
      watermark.partitions.set(partition, { maxEventTimeMs: time ?? -Infinity, lastActivityMs: nowMs });
    }
    return watermark;
  }
}
