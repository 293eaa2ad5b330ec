/**
 * Input that a performance state cannot take: a non-finite value, a score outside [0, 1], a
 * label outside the declared classes, states with different settings to merge, malformed JSON.
 * A programmer or data error, never worth a retry, so it is a RangeError; the message names
 * what to fix.
 */
export class PerformanceInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'PerformanceInputError';
  }
}
