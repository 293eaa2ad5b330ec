/**
 * Input that a drift statistic cannot score: an empty sample, mismatched bins, a negative count,
 * a non-finite value. A programmer or data error, never worth a retry, so it is a RangeError;
 * the message names what to fix. The statistics throw it rather than return NaN or Infinity.
 */
export class DriftInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}
