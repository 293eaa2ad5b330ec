/**
 * The recent values of one metric series, for `change` conditions: the baseline of a window is
 * the mean of the values of the windows before it. Kept sorted by window start, one value per
 * window (a re-evaluation replaces it), at most `capacity` windows (the newest).
 */
export class SeriesHistory {
  private readonly starts: number[] = [];
  private readonly values: number[] = [];

  constructor(private capacity: number) {}

  record(windowStart: number, value: number): void {
    let i = this.starts.length;
    while (i > 0 && this.starts[i - 1]! > windowStart) i--;
    if (i > 0 && this.starts[i - 1] === windowStart) {
      this.values[i - 1] = value;
      return;
    }
    this.starts.splice(i, 0, windowStart);
    this.values.splice(i, 0, value);
    this.trim();
  }

  /** The mean of the `count` windows just before `windowStart`; undefined until there are that many. */
  meanBefore(windowStart: number, count: number): number | undefined {
    let end = this.starts.length;
    while (end > 0 && this.starts[end - 1]! >= windowStart) end--;
    if (end < count) return undefined;
    let sum = 0;
    for (let i = end - count; i < end; i++) sum += this.values[i]!;
    return sum / count;
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    this.trim();
  }

  private trim(): void {
    const excess = this.starts.length - this.capacity;
    if (excess > 0) {
      this.starts.splice(0, excess);
      this.values.splice(0, excess);
    }
  }
}
