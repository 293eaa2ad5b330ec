import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry.ts';

describe('MetricsRegistry', () => {
  it('renders counters and gauges in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const consumed = registry.counter('mw_consumed_total', 'Records read.');
    const lag = registry.gauge('mw_lag', 'Records behind.');
    consumed.inc({ topic: 'a' }, 3);
    consumed.inc({ topic: 'a' });
    consumed.inc({ topic: 'b"\\\n' });
    lag.set({ partition: '0', topic: 'a' }, 7);
    expect(registry.render()).toBe(
      [
        '# HELP mw_consumed_total Records read.',
        '# TYPE mw_consumed_total counter',
        'mw_consumed_total{topic="a"} 4',
        'mw_consumed_total{topic="b\\"\\\\\\n"} 1',
        '# HELP mw_lag Records behind.',
        '# TYPE mw_lag gauge',
        'mw_lag{partition="0",topic="a"} 7',
        '',
      ].join('\n'),
    );
    expect(consumed.get({ topic: 'a' })).toBe(4);
  });

  it('refuses a counter going down, a bad name, and a name reused as another type', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter('x', 'x').inc({}, -1)).toThrow(RangeError);
    expect(() => registry.counter('bad-name', 'x')).toThrow(TypeError);
    expect(() => registry.gauge('x', 'x')).toThrow('metric x is already a counter');
  });
});
