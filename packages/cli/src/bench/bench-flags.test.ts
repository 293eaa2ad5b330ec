import { describe, expect, it } from 'vitest';
import { BenchFlags } from './bench-flags.ts';

describe('BenchFlags', () => {
  const flags = new BenchFlags(['--monitor-models=200,400', '--repeats=5', '--memory-sweep', '--alerting-repeats=2', '--step-ms=x']);

  it('reads numbers, lists and switches, and tells --repeats from --alerting-repeats', () => {
    expect(flags.number('repeats', 3)).toBe(5);
    expect(flags.number('events', 300_000)).toBe(300_000);
    expect(flags.list('monitor-models', [1000])).toEqual([200, 400]);
    expect(flags.list('monitor-features', [20])).toEqual([20]);
    expect(flags.has('memory-sweep')).toBe(true);
    expect(flags.has('skip-sql')).toBe(false);
  });

  it('names the flag whose value is wrong', () => {
    expect(() => flags.number('step-ms', 0.2)).toThrow(/--step-ms=x/);
    expect(() => new BenchFlags(['--monitor-features=10,,40']).list('monitor-features', [20])).toThrow(/--monitor-features/);
  });
});
