import { describe, expect, it } from 'vitest';
import { assertRollupAligned, baseWindowStarts, DEFAULT_WINDOW_MS, ROLLUP_MS, rollupStart, windowEnd, windowStart } from './window-time.ts';

const T = Date.UTC(2026, 10, 28, 10, 7, 31, 250); // 10:07:31.250 UTC

describe('windowStart', () => {
  it('aligns to the epoch with one-minute windows by default', () => {
    expect(DEFAULT_WINDOW_MS).toBe(60_000);
    expect(windowStart(T)).toBe(Date.UTC(2026, 10, 28, 10, 7));
    expect(windowEnd(windowStart(T))).toBe(Date.UTC(2026, 10, 28, 10, 8));
  });

  it('is inclusive at the start and exclusive at the end', () => {
    const start = Date.UTC(2026, 10, 28, 10, 7);
    expect(windowStart(start)).toBe(start);
    expect(windowStart(start + 59_999)).toBe(start);
    expect(windowStart(start + 60_000)).toBe(start + 60_000);
    expect(windowStart(start - 1)).toBe(start - 60_000);
  });

  it('cuts 5-minute, hourly and UTC-daily windows', () => {
    expect(windowStart(T, ROLLUP_MS['5m'])).toBe(Date.UTC(2026, 10, 28, 10, 5));
    expect(windowStart(T, ROLLUP_MS['1h'])).toBe(Date.UTC(2026, 10, 28, 10));
    expect(windowStart(T, ROLLUP_MS['1d'])).toBe(Date.UTC(2026, 10, 28));
  });

  it('rounds times before the epoch down, and never returns -0', () => {
    expect(windowStart(-1, 1000)).toBe(-1000);
    expect(windowStart(-1000, 1000)).toBe(-1000);
    expect(Object.is(windowStart(-0, 1000), 0)).toBe(true);
    expect(Object.is(windowStart(0.5, 1000), 0)).toBe(true);
  });

  it('rejects bad sizes and times', () => {
    expect(() => windowStart(T, 0)).toThrow(RangeError);
    expect(() => windowStart(T, 1.5)).toThrow(RangeError);
    expect(() => windowStart(Number.NaN)).toThrow(RangeError);
    expect(() => windowStart(Infinity)).toThrow(RangeError);
  });
});

describe('rollups', () => {
  it('maps every base window to the view that contains it', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2026, 0, 1, 2); t += 37_000) {
      const base = windowStart(t);
      for (const size of Object.values(ROLLUP_MS)) expect(rollupStart(base, 60_000, size)).toBe(windowStart(t, size));
    }
  });

  it('lists the base windows of a view, which are exactly the ones that map back to it', () => {
    const hour = Date.UTC(2026, 10, 28, 10);
    const starts = baseWindowStarts(hour, 60_000, ROLLUP_MS['1h']);
    expect(starts).toHaveLength(60);
    expect(starts[0]).toBe(hour);
    expect(starts[59]).toBe(hour + 59 * 60_000);
    expect(starts.every((s) => rollupStart(s, 60_000, ROLLUP_MS['1h']) === hour)).toBe(true);
    expect(baseWindowStarts(Date.UTC(2026, 10, 28), 60_000, ROLLUP_MS['1d'])).toHaveLength(1440);
  });

  it('refuses views that are not whole numbers of base windows, and unaligned starts', () => {
    expect(() => assertRollupAligned(60_000, 90_000)).toThrow(/whole number/);
    expect(() => rollupStart(Date.UTC(2026, 0, 1) + 1, 60_000, 300_000)).toThrow(/not the start/);
    expect(() => baseWindowStarts(Date.UTC(2026, 0, 1) + 60_000, 60_000, 300_000)).toThrow(/not the start/);
  });
});
