/** Base windows are one minute long unless a service chooses otherwise. */
export const DEFAULT_WINDOW_MS = 60_000;

/** The standard views, each a merge of whole base windows (all UTC, aligned to the epoch). */
export const ROLLUP_MS = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
} as const;

export type RollupName = keyof typeof ROLLUP_MS;

/**
 * The start of the tumbling window of `sizeMs` that holds `timestampMs`: windows are
 * [start, start + sizeMs), aligned to the Unix epoch, so every process and every replay cuts the
 * same windows. Negative times (before 1970) round down too. Daily windows are UTC days.
 */
export function windowStart(timestampMs: number, sizeMs: number = DEFAULT_WINDOW_MS): number {
  checkSize(sizeMs, 'sizeMs');
  if (!Number.isFinite(timestampMs)) throw new RangeError(`timestampMs must be finite, got ${timestampMs}`);
  return Math.floor(timestampMs / sizeMs) * sizeMs + 0; // + 0 turns -0 into 0
}

/** The exclusive end of the window that starts at `startMs`. */
export function windowEnd(startMs: number, sizeMs: number = DEFAULT_WINDOW_MS): number {
  return startMs + sizeMs;
}

/**
 * Checks that views of `rollupMs` can be built from base windows of `baseMs`: the rollup must be a
 * whole multiple of the base, so every base window lies in exactly one rollup window.
 */
export function assertRollupAligned(baseMs: number, rollupMs: number): void {
  checkSize(baseMs, 'baseMs');
  checkSize(rollupMs, 'rollupMs');
  if (rollupMs % baseMs !== 0) {
    throw new RangeError(`a ${rollupMs} ms view is not a whole number of ${baseMs} ms base windows`);
  }
}

/** The start of the `rollupMs` view that a base window starting at `baseStartMs` belongs to. */
export function rollupStart(baseStartMs: number, baseMs: number, rollupMs: number): number {
  assertRollupAligned(baseMs, rollupMs);
  if (windowStart(baseStartMs, baseMs) !== baseStartMs) {
    throw new RangeError(`${baseStartMs} is not the start of a ${baseMs} ms window`);
  }
  return windowStart(baseStartMs, rollupMs);
}

/** The starts of the base windows that make up the `rollupMs` view starting at `rollupStartMs`. */
export function baseWindowStarts(rollupStartMs: number, baseMs: number, rollupMs: number): number[] {
  assertRollupAligned(baseMs, rollupMs);
  if (windowStart(rollupStartMs, rollupMs) !== rollupStartMs) {
    throw new RangeError(`${rollupStartMs} is not the start of a ${rollupMs} ms window`);
  }
  const starts: number[] = [];
  for (let start = rollupStartMs; start < rollupStartMs + rollupMs; start += baseMs) starts.push(start);
  return starts;
}

export function checkSize(sizeMs: number, name: string): void {
  if (!Number.isSafeInteger(sizeMs) || sizeMs <= 0) throw new RangeError(`${name} must be a positive integer of milliseconds, got ${sizeMs}`);
}
