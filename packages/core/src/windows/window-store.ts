import { addTo, type MergeableAggregate } from './aggregate.ts';
import { compareWindowKeys, seriesKeyString, windowKeyString, type SeriesKey, type WindowKey } from './window-key.ts';
import { checkSize, DEFAULT_WINDOW_MS, windowStart } from './window-time.ts';

export interface WindowStoreOptions<E, S> {
  aggregate: MergeableAggregate<E, S>;
  /** The event's own time in epoch milliseconds (not its arrival time). */
  eventTimeOf: (event: E) => number;
  /** The series the event counts in, e.g. `seriesOf` from window-key.ts. */
  seriesOf: (event: E) => readonly SeriesKey[];
  /** A window closes when the watermark reaches its end plus this. */
  allowedLatenessMs: number;
  /** Base window length; default DEFAULT_WINDOW_MS (1 minute). */
  sizeMs?: number;
  /**
   * The most distinct window starts kept open. Past it, the oldest start is closed early (as if the
   * watermark had reached its close time), so memory stays bounded when one partition lags far behind;
   * its stragglers then come out as corrections. Default: one day of windows plus the lateness.
   */
  maxOpenWindowStarts?: number;
}

/** An aggregate of one window: a closed window's whole state, or a correction's late delta. */
export interface WindowResult<S> {
  readonly key: WindowKey;
  readonly windowEndMs: number;
  readonly state: S;
}

export interface WindowOutput<S> {
  /** Windows that closed, by window start and then series; each window closes once. */
  readonly closed: WindowResult<S>[];
  /**
   * Late deltas for windows already closed (merged per window since the last output), to be merged
   * into the stored aggregate. A window without on-time events has a correction but never closed.
   */
  readonly corrections: WindowResult<S>[];
}

export type AddOutcome = 'open' | 'late';

export interface WindowStoreSnapshot {
  readonly version: 1;
  readonly sizeMs: number;
  readonly allowedLatenessMs: number;
  /** null for -Infinity. */
  readonly watermarkMs: number | null;
  readonly open: readonly { readonly key: WindowKey; readonly state: unknown }[];
  readonly pendingClosed: readonly { readonly key: WindowKey; readonly state: unknown }[];
  readonly pendingCorrections: readonly { readonly key: WindowKey; readonly state: unknown }[];
}

interface Cell<S> {
  readonly series: SeriesKey;
  state: S;
}

/**
 * Tumbling event-time windows of a mergeable aggregate, per series (model version and segment).
 *
 * - `add(event)` puts the event in the open window of each of its series, or, if that window has
 *   closed (watermark >= windowEnd + allowedLateness), into a correction: late events are counted,
 *   never dropped.
 * - `advance(watermarkMs)` closes windows whose close time the watermark reached, oldest first, and
 *   returns them with the pending corrections. The watermark never goes back.
 * - Memory: only open windows and not-yet-returned output. The open window starts lie in
 *   (watermark − allowedLateness − sizeMs, newest event time], so there are at most
 *   ceil((newestEventTime − watermark + allowedLateness) / sizeMs) + 1 of them per series, and never
 *   more than `maxOpenWindowStarts`.
 * - For every window, merge(closed state, its corrections...) equals the aggregate of all its events,
 *   whatever the arrival order (streaming equals batch).
 */
export class WindowStore<E, S> {
  readonly sizeMs: number;
  readonly allowedLatenessMs: number;
  readonly maxOpenWindowStarts: number;
  private readonly aggregate: MergeableAggregate<E, S>;
  private readonly eventTimeOf: (event: E) => number;
  private readonly seriesOfEvent: (event: E) => readonly SeriesKey[];
  private watermark = -Infinity;
  /** Open windows by start, then by series string. */
  private readonly open = new Map<number, Map<string, Cell<S>>>();
  /** The keys of `open`, ascending. */
  private readonly starts: number[] = [];
  private pendingClosed: WindowResult<S>[] = [];
  private pendingCorrections = new Map<string, WindowResult<S>>();

  constructor(options: WindowStoreOptions<E, S>) {
    this.sizeMs = options.sizeMs ?? DEFAULT_WINDOW_MS;
    checkSize(this.sizeMs, 'sizeMs');
    this.allowedLatenessMs = options.allowedLatenessMs;
    if (!Number.isSafeInteger(this.allowedLatenessMs) || this.allowedLatenessMs < 0) {
      throw new RangeError(`allowedLatenessMs must be a non-negative integer, got ${this.allowedLatenessMs}`);
    }
    this.maxOpenWindowStarts =
      options.maxOpenWindowStarts ?? Math.ceil((86_400_000 + this.allowedLatenessMs) / this.sizeMs) + 1;
    if (!(this.maxOpenWindowStarts >= 1)) throw new RangeError(`maxOpenWindowStarts must be >= 1, got ${this.maxOpenWindowStarts}`);
    this.aggregate = options.aggregate;
    this.eventTimeOf = options.eventTimeOf;
    this.seriesOfEvent = options.seriesOf;
  }

  /** The watermark the store has closed windows up to; -Infinity at first. */
  get watermarkMs(): number {
    return this.watermark;
  }

  /** The time at which the window starting at `startMs` closes. */
  closeTimeMs(startMs: number): number {
    return startMs + this.sizeMs + this.allowedLatenessMs;
  }

  /** True when the window starting at `startMs` has closed, so events for it are late. */
  isClosed(startMs: number): boolean {
    return this.closeTimeMs(startMs) <= this.watermark;
  }

  /** How many windows (start × series) are open. */
  get openWindowCount(): number {
    let count = 0;
    for (const cells of this.open.values()) count += cells.size;
    return count;
  }

  /** The distinct starts of the open windows, ascending. */
  openWindowStarts(): number[] {
    return [...this.starts];
  }

  /** Adds one event; 'late' when its window had already closed and it went into a correction. */
  add(event: E): AddOutcome {
    const start = windowStart(this.eventTimeOf(event), this.sizeMs);
    const series = this.seriesOfEvent(event);
    if (this.isClosed(start)) {
      for (const s of series) {
        const key: WindowKey = { ...seriesFields(s), windowStartMs: start };
        const id = windowKeyString(key);
        const pending = this.pendingCorrections.get(id);
        if (pending === undefined) {
          const state = addTo(this.aggregate, this.aggregate.empty(), event);
          this.pendingCorrections.set(id, { key, windowEndMs: start + this.sizeMs, state });
        } else {
          this.pendingCorrections.set(id, { ...pending, state: addTo(this.aggregate, pending.state, event) });
        }
      }
      return 'late';
    }
    const cells = this.cellsAt(start);
    for (const s of series) {
      const id = seriesKeyString(s);
      const cell = cells.get(id);
      if (cell === undefined) {
        cells.set(id, { series: seriesFields(s), state: addTo(this.aggregate, this.aggregate.empty(), event) });
      } else {
        cell.state = addTo(this.aggregate, cell.state, event);
      }
    }
    if (this.starts.length > this.maxOpenWindowStarts) {
      const oldest = this.starts[0];
      if (oldest !== undefined) this.closeUpTo(this.closeTimeMs(oldest));
    }
    return 'open';
  }

  /**
   * Moves the watermark to `watermarkMs` (a lower value is ignored), closes every window whose close
   * time it reached, and returns all output not yet returned.
   */
  advance(watermarkMs: number): WindowOutput<S> {
    if (Number.isNaN(watermarkMs)) throw new RangeError('watermarkMs must not be NaN');
    this.closeUpTo(watermarkMs);
    return this.drain();
  }

  /** Returns and forgets the closed windows and corrections not yet returned. */
  drain(): WindowOutput<S> {
    const closed = this.pendingClosed;
    const corrections = [...this.pendingCorrections.values()].sort((a, b) => compareWindowKeys(a.key, b.key));
    this.pendingClosed = [];
    this.pendingCorrections = new Map();
    return { closed, corrections };
  }

  /** Everything needed to continue after a restart: open windows, watermark, undelivered output. */
  toJSON(): WindowStoreSnapshot {
    const encode = (state: S): unknown => (this.aggregate.toJSON ? this.aggregate.toJSON(state) : state);
    const open: { key: WindowKey; state: unknown }[] = [];
    for (const start of this.starts) {
      for (const cell of this.open.get(start)?.values() ?? []) {
        open.push({ key: { ...cell.series, windowStartMs: start }, state: encode(cell.state) });
      }
    }
    return {
      version: 1,
      sizeMs: this.sizeMs,
      allowedLatenessMs: this.allowedLatenessMs,
      watermarkMs: Number.isFinite(this.watermark) ? this.watermark : null,
      open,
      pendingClosed: this.pendingClosed.map((r) => ({ key: r.key, state: encode(r.state) })),
      pendingCorrections: [...this.pendingCorrections.values()].map((r) => ({ key: r.key, state: encode(r.state) })),
    };
  }

  /** Restores a snapshot; its size and lateness must match the options. */
  static fromJSON<E, S>(snapshot: WindowStoreSnapshot, options: WindowStoreOptions<E, S>): WindowStore<E, S> {
    if (snapshot.version !== 1) throw new TypeError(`unknown window store snapshot version ${String(snapshot.version)}`);
    const store = new WindowStore(options);
    if (snapshot.sizeMs !== store.sizeMs || snapshot.allowedLatenessMs !== store.allowedLatenessMs) {
      throw new RangeError(
        `snapshot has sizeMs ${snapshot.sizeMs} and allowedLatenessMs ${snapshot.allowedLatenessMs}, ` +
          `options have ${store.sizeMs} and ${store.allowedLatenessMs}`,
      );
    }
    const decode = (json: unknown): S => (options.aggregate.fromJSON ? options.aggregate.fromJSON(json) : structuredClone(json) as S);
    store.watermark = snapshot.watermarkMs ?? -Infinity;
    for (const { key, state } of snapshot.open) {
      const cells = store.cellsAt(key.windowStartMs);
      cells.set(seriesKeyString(key), { series: seriesFields(key), state: decode(state) });
    }
    const result = (key: WindowKey, state: unknown): WindowResult<S> =>
      ({ key: { ...seriesFields(key), windowStartMs: key.windowStartMs }, windowEndMs: key.windowStartMs + store.sizeMs, state: decode(state) });
    store.pendingClosed = snapshot.pendingClosed.map(({ key, state }) => result(key, state));
    for (const { key, state } of snapshot.pendingCorrections) store.pendingCorrections.set(windowKeyString(key), result(key, state));
    return store;
  }

  private cellsAt(start: number): Map<string, Cell<S>> {
    let cells = this.open.get(start);
    if (cells === undefined) {
      cells = new Map();
      this.open.set(start, cells);
      this.starts.splice(insertionIndex(this.starts, start), 0, start);
    }
    return cells;
  }

  private closeUpTo(watermarkMs: number): void {
    if (watermarkMs <= this.watermark) return;
    this.watermark = watermarkMs;
    while (this.starts.length > 0) {
      const start = this.starts[0];
      if (start === undefined || !this.isClosed(start)) break;
      this.starts.shift();
      const cells = this.open.get(start);
      this.open.delete(start);
      const ordered = [...(cells?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [, cell] of ordered) {
        this.pendingClosed.push({ key: { ...cell.series, windowStartMs: start }, windowEndMs: start + this.sizeMs, state: cell.state });
      }
    }
  }
}

function seriesFields(key: SeriesKey): SeriesKey {
  return { modelId: key.modelId, modelVersion: key.modelVersion, segmentName: key.segmentName, segmentValue: key.segmentValue };
}

/** The index at which `value` keeps the ascending array `sorted` sorted. */
function insertionIndex(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
