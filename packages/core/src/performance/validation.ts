import { PerformanceInputError } from './performance-input-error.ts';

/** Throws unless value is a finite number. */
export function requireFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PerformanceInputError(`${what} must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless value is a probability: a finite number in [0, 1]. */
export function requireProbability(value: number, what: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new PerformanceInputError(`${what} must be a probability in [0, 1], got ${String(value)}`);
  }
}

/** Throws unless value is a non-negative integer count (a safe integer). */
export function requireCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PerformanceInputError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** Reads an object (not null, not an array) from JSON, or throws. */
export function requireObject(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PerformanceInputError(`${what} must be an object`);
  }
  return json as Record<string, unknown>;
}

/** Reads an array from JSON, or throws. */
export function requireArray(json: unknown, what: string): unknown[] {
  if (!Array.isArray(json)) throw new PerformanceInputError(`${what} must be an array`);
  return json;
}
