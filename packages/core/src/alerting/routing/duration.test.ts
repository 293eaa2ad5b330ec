import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads Prometheus durations into milliseconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('4h')).toBe(14_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('1d2h')).toBe(26 * 3_600_000);
    expect(parseDuration('250ms')).toBe(250);
  });

  it('rejects what Prometheus rejects', () => {
    for (const bad of ['', '5', '5 m', '30m1h', '1.5h', '-5m', 'five minutes']) expect(parseDuration(bad)).toBeNull();
  });

  it('formats back to the shortest string', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });
});
