import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('keeps its sequence across releases (thresholds computed earlier stay reproducible)', () => {
    const r = seededRandom(1);
    expect(Array.from({ length: 3 }, () => r.nextInt(1_000_000))).toMatchInlineSnapshot(`
      [
        91569,
        888192,
        434270,
      ]
    `);
  });

  it('is uniform on [0, 1): mean, variance and range of 100 000 draws', () => {
    const r = seededRandom(7);
    let sum = 0;
    let squares = 0;
    let min = 1;
    let max = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      sum += u;
      squares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005); // sd of the mean: 0.0009
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('draws integers below the bound, each about equally often', () => {
    const r = seededRandom(3);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[r.nextInt(5)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400); // sd 89
  });

  it('refuses bad seeds and bounds', () => {
    expect(() => seededRandom(-1)).toThrow(RangeError);
    expect(() => seededRandom(1.5)).toThrow(RangeError);
    expect(() => seededRandom(1).nextInt(0)).toThrow(RangeError);
  });
});
