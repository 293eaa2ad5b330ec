/**
 * Options a detector cannot run with, or a snapshot it cannot be restored from. A programmer or
 * configuration error, never retriable: it lists every problem found, each naming the fix.
 */
export class DetectorOptionsError extends RangeError {
  readonly detector: string;
  readonly problems: readonly string[];

  constructor(detector: string, problems: readonly string[]) {
    super(`${detector}: ${problems.join('; ')}`);
    this.name = 'DetectorOptionsError';
    this.detector = detector;
    this.problems = problems;
  }
}
