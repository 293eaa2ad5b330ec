/** What a cached null threshold was computed for (the window size is bucketed apart). */
export interface NullThresholdKey {
  readonly referenceId: string;
  /** The feature name, or a name of its own for the prediction and the label ('prediction:', 'label:' prefixes). */
  readonly feature: string;
  /** The statistic ('psi', 'jensen_shannon', 'wasserstein', ...). */
  readonly statistic: string;
  /** The options the threshold depends on besides the size. */
  readonly quantile: number;
  readonly resamples: number;
}

export interface NullThresholdCacheOptions {
  /** Entries kept; the least recently used goes first. Default 10 000. */
  readonly maxEntries?: number;
  /** Size buckets per doubling of the window size (default 4: buckets 2^(i/4), about 19% wide). */
  readonly bucketsPerDoubling?: number;
}

export const DEFAULT_NULL_THRESHOLD_CACHE_ENTRIES = 10_000;

/**
 * A cache of null thresholds (binnedNullThreshold / sampleNullThreshold), which cost
 * resamples × window size each: the metrics service evaluates about a thousand model windows a
 * minute, and a model's windows have similar sizes.
 *
 * Window sizes are bucketed geometrically: bucket i holds the sizes n with
 * 2^(i/b) <= n < 2^((i+1)/b) (b = bucketsPerDoubling), and the threshold of the whole bucket is
 * computed at its smallest size, ceil(2^(i/b)). A smaller window has a larger null threshold, so
 * the cached threshold is never below the one at the window's exact size: conservative, fewer
 * false alarms, never more (up to the resampling noise). With b = 4 a bucket spans about 19% of
 * sizes; the thresholds of PSI and the distances fall roughly as 1/n and 1/sqrt(n), so the
 * threshold used is at most ~19% (PSI) or ~9% (distances) above the exact one.
 */
export class NullThresholdCache {
  readonly maxEntries: number;
  readonly bucketsPerDoubling: number;
  private readonly entries = new Map<string, number>();
  private hitCount = 0;
  private missCount = 0;

  constructor(options: NullThresholdCacheOptions = {}) {
    const { maxEntries = DEFAULT_NULL_THRESHOLD_CACHE_ENTRIES, bucketsPerDoubling = 4 } = options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    if (!Number.isSafeInteger(bucketsPerDoubling) || bucketsPerDoubling < 1) throw new RangeError(`bucketsPerDoubling must be a positive integer, got ${bucketsPerDoubling}`);
    this.maxEntries = maxEntries;
    this.bucketsPerDoubling = bucketsPerDoubling;
  }

  get size(): number {
    return this.entries.size;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  /** The bucket index of a window size n >= 1: the i with 2^(i/b) <= n < 2^((i+1)/b). */
  bucketOf(windowSize: number): number {
    if (!Number.isSafeInteger(windowSize) || windowSize < 1) throw new RangeError(`windowSize must be a positive integer, got ${windowSize}`);
    const b = this.bucketsPerDoubling;
    let i = Math.floor(b * Math.log2(windowSize));
    while (2 ** ((i + 1) / b) <= windowSize) i++;
    while (i > 0 && 2 ** (i / b) > windowSize) i--;
    return i;
  }

  /** The size a window of `windowSize` values is scored at: its bucket's smallest integer size (<= windowSize). */
  bucketSize(windowSize: number): number {
    return Math.min(windowSize, Math.ceil(2 ** (this.bucketOf(windowSize) / this.bucketsPerDoubling) - 1e-9));
  }

  /**
   * The threshold for a window of `windowSize` values: cached, or `compute(bucketSize)` (which
   * must be deterministic: seeded) stored for the bucket.
   */
  threshold(key: NullThresholdKey, windowSize: number, compute: (size: number) => number): number {
    const bucket = this.bucketOf(windowSize);
    const id = `${key.referenceId}\u0000${key.feature}\u0000${key.statistic}\u0000${key.quantile}\u0000${key.resamples}\u0000${bucket}`;
    const cached = this.entries.get(id);
    if (cached !== undefined) {
      this.hitCount++;
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached;
    }
    this.missCount++;
    const value = compute(this.bucketSize(windowSize));
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
