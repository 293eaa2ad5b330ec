import { DeliveryError } from '../channels/notifier.ts';

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the delay before retry `attempt` (1 = the first retry, as the delivery pipeline's
 * RetryDecision counts) is uniform in [0, min(capMs, baseMs · factor^(attempt − 1))).
 * Defaults: the first retry within 1 s, then 2 s, 4 s, … up to 5 minutes (from the 10th retry).
 * Full jitter spreads the retries of many notifications that failed together (one SMTP or
 * PagerDuty outage) instead of sending them back in synchronised waves.
 *
 * Pure: the random source is a parameter, so tests pass a seeded one.
 */
export interface RetryPolicyOptions {
  /** Ceiling of the first retry's delay (attempt 1), ms. Default 1 000. */
  readonly baseMs?: number;
  /** Growth of the ceiling per attempt, ≥ 1. Default 2. */
  readonly factor?: number;
  /** Largest ceiling, ms. Default 300 000 (5 minutes). */
  readonly capMs?: number;
}

export const DEFAULT_RETRY_POLICY: Required<RetryPolicyOptions> = Object.freeze({
  baseMs: 1_000,
  factor: 2,
  capMs: 300_000,
});

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

export interface RetryPolicy {
  readonly options: Required<RetryPolicyOptions>;
  nextDelayMs(attempt: number, random?: RandomSource): number;
  shouldRetry(error: unknown): boolean;
}

/**
 * Checks the options once; throws with the field to fix. For the delivery pipeline:
 * `{ delayMs: (n) => policy.nextDelayMs(n), retryable: policy.shouldRetry }`.
 */
export function retryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const resolved = resolveOptions(options);
  return {
    options: resolved,
    nextDelayMs: (attempt, random = Math.random) => delay(attempt, random, resolved),
    shouldRetry,
  };
}

/**
 * The delay before retry number `attempt` (1 for the first retry, after the first failure),
 * a whole number of ms in [0, min(capMs, baseMs · factor^(attempt − 1))).
 */
export function nextDelayMs(attempt: number, random: RandomSource = Math.random, options: RetryPolicyOptions = {}): number {
  return delay(attempt, random, resolveOptions(options));
}

/**
 * Whether a failed send may be tried again: a DeliveryError says so itself (false for a 4xx
 * other than 408/429, a refused address, a bad credential); anything else (a network error, a
 * timeout, a bug in a channel) is retried, because parking it would need a person to notice.
 */
export function shouldRetry(error: unknown): boolean {
  if (error instanceof DeliveryError) return error.retryable;
  return true;
}

function delay(attempt: number, random: RandomSource, options: Required<RetryPolicyOptions>): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`retry attempt must be a whole number ≥ 1 (1 = the first retry), got ${attempt}`);
  }
  // factor^(attempt − 1) overflows to Infinity for large attempts; min() with the cap absorbs it.
  const ceiling = Math.min(options.capMs, options.baseMs * options.factor ** (attempt - 1));
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random source must return a number in [0, 1), got ${r}`);
  return Math.floor(r * ceiling);
}

function resolveOptions(options: RetryPolicyOptions): Required<RetryPolicyOptions> {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(options) };
  if (!(Number.isFinite(resolved.baseMs) && resolved.baseMs > 0)) {
    throw new RangeError(`retry baseMs must be a finite number > 0, got ${resolved.baseMs}`);
  }
  if (!(Number.isFinite(resolved.factor) && resolved.factor >= 1)) {
    throw new RangeError(`retry factor must be a finite number ≥ 1, got ${resolved.factor}`);
  }
  if (!(Number.isFinite(resolved.capMs) && resolved.capMs >= resolved.baseMs)) {
    throw new RangeError(`retry capMs must be finite and ≥ baseMs (${resolved.baseMs}), got ${resolved.capMs}`);
  }
  return resolved;
}

function stripUndefined(options: RetryPolicyOptions): RetryPolicyOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as RetryPolicyOptions;
}
