/**
 * Bytes that are not a valid encoded sketch part: truncated, from another part or layout, a newer
 * format, or inconsistent counts. Stored state that fails to decode is corrupt or was written by
 * another version of the code, so retrying cannot help: it is a RangeError. The message names the
 * part, the problem and the byte offset where it was found.
 */
export class SketchDecodeError extends RangeError {
  constructor(
    message: string,
    /** Byte offset at which the problem was found. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SketchDecodeError';
  }
}
