import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../channels/notifier.ts';
import type { RetryDecision } from './delivery-pipeline.ts';
import { DEFAULT_RETRY_POLICY, nextDelayMs, retryPolicy, shouldRetry } from './retry-policy.ts';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('nextDelayMs', () => {
  it('defaults to base 1 s, factor 2, cap 5 min', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseMs: 1000, factor: 2, capMs: 300_000 });
  });

  it('reaches the ceiling min(cap, base·2^(attempt−1)) as random approaches 1, and 0 at random 0', () => {
    const almostOne = () => 0.999_999_999;
    const ceilings = [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000];
    ceilings.forEach((ceiling, i) => {
      expect(nextDelayMs(i + 1, almostOne)).toBe(ceiling - 1);
      expect(nextDelayMs(i + 1, () => 0)).toBe(0);
    });
    expect(nextDelayMs(10_000, almostOne)).toBe(299_999); // 2^10000 is Infinity; the cap holds
  });

  it('is reproducible with a seeded random source and stays within [0, ceiling)', () => {
    const a = seeded(42);
    const b = seeded(42);
    const first = Array.from({ length: 12 }, (_, i) => nextDelayMs(i + 1, a));
    const second = Array.from({ length: 12 }, (_, i) => nextDelayMs(i + 1, b));
    expect(first).toEqual(second);
    first.forEach((d, i) => {
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(300_000, 1000 * 2 ** i));
    });
  });

  it('is full jitter: over many draws the mean delay is about half the ceiling', () => {
    const random = seeded(7);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += nextDelayMs(4, random);
    // attempt 4: ceiling 8 000 ms, so the mean is about 4 000 ms (not 8 000 as without jitter)
    expect(sum / n).toBeGreaterThan(4000 * 0.97);
    expect(sum / n).toBeLessThan(4000 * 1.03);
  });

  it('takes other base, factor and cap', () => {
    const policy = retryPolicy({ baseMs: 100, factor: 3, capMs: 1000 });
    const top = () => 0.999_999_9;
    expect([1, 2, 3, 4].map((n) => policy.nextDelayMs(n, top))).toEqual([99, 299, 899, 999]);
    expect(nextDelayMs(2, () => 0.5, { baseMs: 500 })).toBe(500);
  });

  it('refuses bad attempts, random values and options with the thing to fix', () => {
    expect(() => nextDelayMs(0, () => 0)).toThrow(/attempt/);
    expect(() => nextDelayMs(1.5, () => 0)).toThrow(/attempt/);
    expect(() => nextDelayMs(1, () => 1)).toThrow(/random/);
    expect(() => nextDelayMs(1, () => Number.NaN)).toThrow(/random/);
    expect(() => retryPolicy({ baseMs: 0 })).toThrow(/baseMs/);
    expect(() => retryPolicy({ factor: 0.5 })).toThrow(/factor/);
    expect(() => retryPolicy({ baseMs: 1000, capMs: 10 })).toThrow(/capMs/);
  });
});

describe('shouldRetry', () => {
  it('follows DeliveryError.retryable and retries anything else', () => {
    expect(shouldRetry(new DeliveryError('503', { retryable: true, status: 503 }))).toBe(true);
    expect(shouldRetry(new DeliveryError('400', { retryable: false, status: 400 }))).toBe(false);
    expect(shouldRetry(new TypeError('fetch failed'))).toBe(true);
    expect(shouldRetry('weird')).toBe(true);
  });
});

describe("as the delivery pipeline's RetryDecision", () => {
  it('counts attempts the same way (1 = the first retry, within 1 s)', () => {
    const policy = retryPolicy();
    const random = seeded(1);
    const decision: RetryDecision = { delayMs: (n) => policy.nextDelayMs(n, random), retryable: policy.shouldRetry };
    expect(decision.delayMs(1)).toBeLessThan(1000);
    expect(decision.delayMs(20)).toBeLessThan(300_000);
    expect(decision.retryable(new DeliveryError('x', { retryable: false }))).toBe(false);
  });
});
