import { describe, expect, it } from 'vitest';
import { addTo } from '../windows/aggregate.ts';
import { serviceHealthAggregate, serviceHealthMetrics, ServiceHealthState, type HealthEvent } from './service-health.ts';
import { lognormal, randomSplit, seededRandom } from './test-random.ts';

const aggregate = serviceHealthAggregate();

function fold(events: readonly HealthEvent[]): ServiceHealthState {
  let s = aggregate.empty();
  for (const e of events) s = addTo(aggregate, s, e);
  return s;
}

describe('service health', () => {
  it('counts throughput, errors and latency percentiles', () => {
    const events: HealthEvent[] = [
      { status: 'ok', latencyMs: 10 },
      { status: 'ok', latencyMs: 20 },
      { status: 'error', latencyMs: 30 },
      { status: 'error', latencyMs: null },
    ];
    const m = serviceHealthMetrics(fold(events));
    expect(m).toMatchObject({ throughput: 4, errorCount: 2, errorRate: 0.5, latencyCount: 3, latencyMeanMs: 20 });
    expect(Math.abs((m.latencyP50Ms as number) - 20) / 20).toBeLessThanOrEqual(0.01);
    // Lower-rank quantile: p99 of 3 values is rank floor(0.99 · 2) = 1, the middle one.
    expect(Math.abs((m.latencyP99Ms as number) - 20) / 20).toBeLessThanOrEqual(0.01);
  });

  it('merge equals batch under random splits', () => {
    const random = seededRandom(21);
    const events: HealthEvent[] = Array.from({ length: 3000 }, () => ({
      status: random.next() < 0.07 ? 'error' : 'ok',
      latencyMs: random.next() < 0.05 ? null : lognormal(random, 3.5, 0.8),
    }));
    const batch = fold(events);
    for (let trial = 0; trial < 10; trial++) {
      const parts = randomSplit(random, events, 1 + random.nextInt(8)).map(fold);
      const merged = parts.reduce((a, b) => aggregate.merge(a, b), aggregate.empty());
      const { latency: ml, ...mRest } = merged.toJSON();
      const { latency: bl, ...bRest } = batch.toJSON();
      expect(mRest).toEqual(bRest);
      expect(ml.bins).toEqual(bl.bins);
      const mm = serviceHealthMetrics(merged);
      const bm = serviceHealthMetrics(batch);
      expect({ ...mm, latencyMeanMs: 0 }).toEqual({ ...bm, latencyMeanMs: 0 });
      expect(mm.latencyMeanMs).toBeCloseTo(bm.latencyMeanMs as number, 9);
    }
  });

  it('an empty window has explicit nulls, never NaN', () => {
    expect(serviceHealthMetrics(aggregate.empty())).toEqual({
      throughput: 0, errorCount: 0, errorRate: null, latencyCount: 0,
      latencyMeanMs: null, latencyP50Ms: null, latencyP95Ms: null, latencyP99Ms: null,
    });
  });

  it('all errors: error rate 1, latency still reported', () => {
    const m = serviceHealthMetrics(fold([{ status: 'error', latencyMs: 5000 }, { status: 'error', latencyMs: 5000 }]));
    expect(m).toMatchObject({ throughput: 2, errorRate: 1, latencyP50Ms: 5000, latencyP99Ms: 5000, latencyMeanMs: 5000 });
  });

  it('no latencies reported: throughput counts, latency metrics are null', () => {
    const m = serviceHealthMetrics(fold([{ status: 'ok', latencyMs: null }]));
    expect(m).toMatchObject({ throughput: 1, errorRate: 0, latencyCount: 0, latencyMeanMs: null, latencyP95Ms: null });
  });

  it('round-trips through JSON and refuses bad input', () => {
    const s = fold([{ status: 'ok', latencyMs: 3 }, { status: 'error', latencyMs: 0 }]);
    const back = aggregate.fromJSON!(JSON.parse(JSON.stringify(aggregate.toJSON!(s))));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(() => ServiceHealthState.fromJSON({ ...s.toJSON(), errorCount: 9 })).toThrow(/exceed/);
    expect(() => s.add({ status: 'ok', latencyMs: -2 })).toThrow(/>= 0/);
    expect(() => aggregate.merge(s, new ServiceHealthState({ relativeAccuracy: 0.05 }))).toThrow(/different settings/);
  });
});
