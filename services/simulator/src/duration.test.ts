import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads units, compounds and bare milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1500')).toBe(1500);
    expect(parseDuration(42)).toBe(42);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 'm', '10 minutes', '5x', '-3s', '1h-2m', 'abc']) expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('is short', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(12_500)).toBe('12.5s');
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatDuration(3_723_000)).toBe('1h02m03s');
    expect(formatDuration(Infinity)).toBe('forever');
  });
});
