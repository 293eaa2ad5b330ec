/** Absolute errors seen before the scale is fixed. */
const WARM_UP = 1000;

/**
 * Maps a regression model's absolute errors into [0, 1) as |e| / (|e| + s), where s is the median
 * of the stream's first 1,000 absolute errors. ADWIN's cut assumes bounded values: on raw absolute
 * errors, whose tails are heavy, one large error can look like a change. The map keeps the order
 * of errors, so a real shift in their level still moves the mean. Until the scale is known the
 * errors are held back (null), not fed.
 */
export class BoundedError {
  private scale: number | null = null;
  private readonly warmUp: number[] = [];

  /** The bounded value for this absolute error, or null during the warm-up. */
  map(absoluteError: number): number | null {
    if (this.scale === null) {
      this.warmUp.push(absoluteError);
      if (this.warmUp.length < WARM_UP) return null;
      const sorted = this.warmUp.sort((a, b) => a - b);
      this.scale = Math.max(sorted[Math.floor(sorted.length / 2)]!, Number.EPSILON);
      this.warmUp.length = 0;
    }
    return absoluteError / (absoluteError + this.scale);
  }
}
