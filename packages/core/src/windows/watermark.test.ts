import { describe, expect, it } from 'vitest';
import { partitionId, Watermark } from './watermark.ts';

describe('Watermark', () => {
  it('is -Infinity until a partition has an event time, then the minimum over partitions', () => {
    const w = new Watermark();
    expect(w.current(0)).toBe(-Infinity);
    w.assign(['p0', 'p1'], 0);
    w.observe('p0', 5_000, 1);
    expect(w.current(1)).toBe(-Infinity); // p1 has no record yet and is not idle
    w.observe('p1', 3_000, 2);
    expect(w.current(2)).toBe(3_000);
    w.observe('p1', 9_000, 3);
    expect(w.current(3)).toBe(5_000);
    w.observe('p0', 8_000, 4);
    expect(w.current(4)).toBe(8_000);
  });

  it('tracks the maximum per partition: an older record does not move it back', () => {
    const w = new Watermark();
    w.observe('p0', 10_000, 0);
    w.observe('p0', 4_000, 1);
    expect(w.current(1)).toBe(10_000);
    expect(w.partitionStates()).toEqual([{ partition: 'p0', maxEventTimeMs: 10_000, lastActivityMs: 1 }]);
  });

  it('stops waiting for a partition idle for idleTimeoutMs, and waits again from its next record', () => {
    const w = new Watermark({ idleTimeoutMs: 1_000 });
    w.observe('p0', 1_000, 0);
    w.observe('p1', 50_000, 0);
    w.observe('p1', 60_000, 500);
    expect(w.current(999)).toBe(1_000); // p0 quiet for 999 ms: still holds it back
    expect(w.isIdle('p0', 999)).toBe(false);
    expect(w.current(1_000)).toBe(60_000); // exactly the timeout: idle
    expect(w.isIdle('p0', 1_000)).toBe(true);
    // p0 wakes up with an old record: it is active again, but the watermark does not go back
    w.observe('p0', 2_000, 1_200);
    expect(w.current(1_200)).toBe(60_000);
    w.observe('p1', 70_000, 1_300);
    w.observe('p0', 65_000, 1_300);
    expect(w.current(1_300)).toBe(65_000);
  });

  it('takes the largest time when every partition is idle', () => {
    const w = new Watermark({ idleTimeoutMs: 100 });
    w.observe('p0', 1_000, 0);
    w.observe('p1', 7_000, 0);
    expect(w.current(50)).toBe(1_000);
    expect(w.current(100)).toBe(7_000);
  });

  it('lets a new partition hold the watermark until its first record or its idle timeout', () => {
    const w = new Watermark({ idleTimeoutMs: 100 });
    w.observe('p0', 1_000, 0);
    expect(w.current(0)).toBe(1_000);
    w.assign(['p1'], 10);
    w.observe('p0', 2_000, 20);
    expect(w.current(20)).toBe(1_000);
    expect(w.current(110)).toBe(2_000);
  });

  it('stops counting revoked partitions', () => {
    const w = new Watermark();
    w.observe(partitionId('inference', 0), 1_000, 0);
    w.observe(partitionId('inference', 1), 5_000, 0);
    expect(w.current(0)).toBe(1_000);
    w.revoke([partitionId('inference', 0)]);
    expect(w.current(0)).toBe(5_000);
    expect(w.partitionStates().map((p) => p.partition)).toEqual(['inference:1']);
  });

  it('caps event times far in the future at now + maxFutureSkewMs', () => {
    const w = new Watermark({ maxFutureSkewMs: 1_000 });
    w.observe('p0', 10 ** 12, 5_000);
    expect(w.current(5_000)).toBe(6_000);
  });

  it('round-trips through JSON; restored partitions count as active from the restore time', () => {
    const w = new Watermark({ idleTimeoutMs: 100 });
    w.assign(['p2'], 0);
    w.observe('p0', 1_000, 0);
    w.observe('p1', 3_000, 0);
    expect(w.current(0)).toBe(-Infinity);
    expect(w.current(100)).toBe(3_000);
    const restored = Watermark.fromJSON(JSON.parse(JSON.stringify(w.toJSON())), 1_000, { idleTimeoutMs: 100 });
    expect(restored.toJSON()).toEqual({ version: 1, watermarkMs: 3_000, partitions: { p0: 1_000, p1: 3_000, p2: null } });
    expect(restored.current(1_000)).toBe(3_000); // never goes back
    expect(restored.isIdle('p0', 1_050)).toBe(false);
  });

  it('rejects bad options and times', () => {
    expect(() => new Watermark({ idleTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => new Watermark({ maxFutureSkewMs: -1 })).toThrow(RangeError);
    expect(() => new Watermark().observe('p', Number.NaN, 0)).toThrow(RangeError);
  });
});

describe('Watermark.touch', () => {
  it('keeps a partition with a backlog from being idle', () => {
    const watermark = new Watermark({ idleTimeoutMs: 1000 });
    watermark.observe('a', 100, 0);
    watermark.observe('b', 500, 0);
    watermark.touch('a', 900);
    watermark.observe('b', 600, 1500);
    expect(watermark.current(1500)).toBe(100);
    expect(watermark.current(2000)).toBe(600);
  });
});
