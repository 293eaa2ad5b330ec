/**
 * A reference profile that cannot be fitted or read: no rows, a non-finite number, a malformed
 * stored profile. A data or programmer error, never worth a retry, so it is a RangeError. It
 * carries every problem found (each with its path), so one attempt shows all there is to fix.
 */
export class ReferenceProfileError extends RangeError {
  readonly problems: readonly string[];

  constructor(what: string, problems: readonly string[]) {
    super(`${what}: ${problems.join('; ')}`);
    this.name = 'ReferenceProfileError';
    this.problems = problems;
  }
}
