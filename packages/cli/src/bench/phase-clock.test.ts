import { describe, expect, it } from 'vitest';
import { PhaseClock } from './phase-clock.ts';

const ids = () => ({ main: process.pid, libuvPool: new Set<number>(), workers: new Set<number>(), startup: new Set<number>() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PhaseClock', () => {
  it('starts after the warm-up share, counts only the events after it, and the tail after the last event in proportion', async () => {
    const clock = new PhaseClock({ events: 100, warmup: 0.1, ids });
    clock.step(5, true);
    expect(clock.started).toBe(false);
    clock.step(20, true);
    expect(clock.started).toBe(true);
    await sleep(60);
    clock.step(100, true);
    await sleep(100);
    clock.step(100, true); // the tail: windows closed and evaluated after the last event
    await sleep(30);
    clock.step(100, false);
    const m = clock.stopAtLastChange();
    expect(m.events).toBe(80);
    expect(m.warmup.events).toBe(20);
    expect(m.tail.share).toBe(0.8);
    expect(m.tail.seconds).toBeGreaterThanOrEqual(0.09);
    // 60 ms before the last event, then 0.8 of the ~100 ms tail.
    expect(m.seconds).toBeGreaterThanOrEqual(0.055 + 0.8 * m.tail.seconds - 0.001);
    expect(m.seconds).toBeLessThan(m.tail.seconds + 0.2);
    expect(m.cpuUs.total).toBeGreaterThanOrEqual(0);
  });

  it('runs from the join when the first step already holds every event', () => {
    const clock = new PhaseClock({ events: 50, warmup: 0.05, ids });
    clock.step(50, true);
    const m = clock.stopNow();
    expect(m.events).toBe(50);
    expect(m.warmup.events).toBe(0);
    expect(m.tail.share).toBe(1);
  });
});
