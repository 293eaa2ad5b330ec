/**
 * Input a health or data-quality state cannot take: a negative or non-finite latency, states with
 * different settings to merge, malformed JSON. A programmer or data error, never worth a retry,
 * so it is a RangeError; the message names what to fix.
 */
export class HealthInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'HealthInputError';
  }
}

/** Reads an object (not null, not an array) from JSON, or throws. */
export function requireObject(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new HealthInputError(`${what} must be an object`);
  return json as Record<string, unknown>;
}

/** Reads a non-negative safe integer from JSON, or throws. */
export function requireCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new HealthInputError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** Reads an array from JSON, or throws. */
export function requireArray(json: unknown, what: string): unknown[] {
  if (!Array.isArray(json)) throw new HealthInputError(`${what} must be an array`);
  return json;
}
