/**
 * Input that the importance computations cannot take: a non-finite or negative importance, a
 * non-finite attribution, a bin index outside the table, states with different settings to
 * merge, malformed JSON. A programmer or data error, never worth a retry, so it is a RangeError;
 * the message names what to fix.
 */
export class ImportanceInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ImportanceInputError';
  }
}
