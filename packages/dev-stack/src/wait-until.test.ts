import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until.ts';

describe('waitUntil', () => {
  it('resolves true once the condition holds', async () => {
    let calls = 0;
    expect(await waitUntil(async () => ++calls === 3, { timeoutMs: 2000, intervalMs: 5 })).toBe(true);
    expect(calls).toBe(3);
  });

  it('resolves false on timeout', async () => {
    expect(await waitUntil(async () => false, { timeoutMs: 30, intervalMs: 5 })).toBe(false);
  });

  it('throws what failFast reports', async () => {
    await expect(waitUntil(async () => false, { timeoutMs: 1000, failFast: () => new Error('died') })).rejects.toThrow('died');
  });
});
