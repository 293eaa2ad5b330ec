import { describe, expect, it } from 'vitest';
import { createRandom, randomStreams } from './random.ts';

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('Random', () => {
  it('gives the same numbers for the same seed and stream, other numbers for another', () => {
    const a = createRandom(42, 'event', 7);
    const b = createRandom(42, 'event', 7);
    const xs = draw(50, () => a.next());
    expect(draw(50, () => b.next())).toEqual(xs);
    expect(draw(50, () => createRandom(43, 'event', 7).next())).not.toEqual(xs);
    expect(createRandom(42, 'event', 8).next()).not.toBe(createRandom(42, 'event', 7).next());
    expect(createRandom('42', 'event', 7).next()).toBe(createRandom(42, 'event', 7).next());
  });

  it('numbered streams are reproducible and distinct', () => {
    const streams = randomStreams(1, 'x');
    expect(streams(5).uint32()).toBe(randomStreams(1, 'x')(5).uint32());
    const firsts = new Set(Array.from({ length: 1000 }, (_, i) => streams(i).uint32()));
    expect(firsts.size).toBe(1000);
    expect(randomStreams(1, 'y')(5).uint32()).not.toBe(streams(5).uint32());
  });

  it('draws from its distributions with the right centre and spread', () => {
    const r = createRandom('moments');
    const u = draw(20000, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 1);
    const z = draw(20000, () => r.normal(10, 2));
    expect(mean(z)).toBeCloseTo(10, 1);
    expect(Math.sqrt(mean(z.map((x) => (x - 10) ** 2)))).toBeCloseTo(2, 1);
    expect(median(draw(20000, () => r.lognormal(60, 1))) / 60).toBeCloseTo(1, 1);
    expect(mean(draw(20000, () => r.exponential(5)))).toBeCloseTo(5, 0);
    expect(mean(draw(20000, () => r.poisson(3)))).toBeCloseTo(3, 1);
    expect(mean(draw(5000, () => r.poisson(100)))).toBeCloseTo(100, -1);
  });

  it('picks weighted indexes in proportion', () => {
    const r = createRandom('weights');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.weightedIndex([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / 30000).toBeCloseTo(0.75, 1);
  });

  it('makes version-4-shaped UUIDs', () => {
    const r = createRandom('ids');
    for (let i = 0; i < 100; i++) expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
