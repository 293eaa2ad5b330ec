import { describe, expect, it } from 'vitest';
import { sweepShapes } from './monitoring-bench.ts';

describe('sweepShapes', () => {
  it('is the product of the lists, each point once', () => {
    expect(sweepShapes({ models: [200, 400, 200], features: [10, 20], segmentValues: [2] }).map((s) => `${s.models}x${s.features}x${s.segmentValues}`)).toEqual(['200x10x2', '200x20x2', '400x10x2', '400x20x2']);
  });

  it('names the flag of a point it cannot generate', () => {
    expect(() => sweepShapes({ models: [1000], features: [2], segmentValues: [2] })).toThrow(/--monitor-features/);
  });
});
