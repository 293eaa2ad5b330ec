/**
 * Input that the estimation code cannot take: mismatched lengths, a score outside [0, 1], a
 * label that is not 0/1, malformed JSON. A programmer or data error, never worth a retry.
 */
export class EstimationInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'EstimationInputError';
  }
}
