import type { MergeableAggregate } from '../windows/aggregate.ts';
import { HealthInputError, requireCount, requireObject } from './health-input-error.ts';
import { LatencySketch, type LatencySketchJSON, type LatencySketchOptions } from './latency-sketch.ts';

/** What service health reads from an inference event (an InferenceRecord has both fields). */
export interface HealthEvent {
  readonly status: 'ok' | 'error';
  /** null when the server did not report a latency: counted in throughput, not in the latency. */
  readonly latencyMs: number | null;
}

export interface ServiceHealthStateJSON {
  readonly version: 1;
  readonly count: number;
  readonly errorCount: number;
  readonly latency: LatencySketchJSON;
}

/**
 * One window's service health as mergeable state: events, events with status 'error', and a
 * latency sketch over every event that reports a latency (ok and error alike, so timeouts that
 * end in an error still show in p99).
 */
export class ServiceHealthState {
  count = 0;
  errorCount = 0;
  readonly latency: LatencySketch;

  constructor(options: LatencySketchOptions = {}) {
    this.latency = new LatencySketch(options);
  }

  add(event: HealthEvent): void {
    if (event.status !== 'ok' && event.status !== 'error') throw new HealthInputError(`status must be "ok" or "error", got ${String(event.status)}`);
    if (event.latencyMs !== null && event.latencyMs !== undefined) this.latency.add(event.latencyMs);
    this.count++;
    if (event.status === 'error') this.errorCount++;
  }

  static merge(a: ServiceHealthState, b: ServiceHealthState): ServiceHealthState {
    const out = new ServiceHealthState(a.latency);
    out.latency.mergeIn(a.latency);
    out.latency.mergeIn(b.latency);
    out.count = a.count + b.count;
    out.errorCount = a.errorCount + b.errorCount;
    return out;
  }

  toJSON(): ServiceHealthStateJSON {
    return { version: 1, count: this.count, errorCount: this.errorCount, latency: this.latency.toJSON() };
  }

  static fromJSON(json: unknown): ServiceHealthState {
    const j = requireObject(json, 'a service health state');
    if (j['version'] !== 1) throw new HealthInputError(`service health state version must be 1, got ${JSON.stringify(j['version'])}`);
    const latency = LatencySketch.fromJSON(j['latency']);
    const out = new ServiceHealthState(latency);
    out.latency.mergeIn(latency);
    out.count = requireCount(j['count'], 'count');
    out.errorCount = requireCount(j['errorCount'], 'errorCount');
    if (out.errorCount > out.count || out.latency.count > out.count) throw new HealthInputError('errorCount and latency count cannot exceed count');
    return out;
  }
}

export interface ServiceHealthMetrics {
  /** Events in the window. */
  readonly throughput: number;
  readonly errorCount: number;
  /** errorCount / throughput; null for an empty window. */
  readonly errorRate: number | null;
  /** Events that reported a latency: the sample size of the latency metrics. */
  readonly latencyCount: number;
  /** Exact mean of the reported latencies; null when none. */
  readonly latencyMeanMs: number | null;
  /** Sketch quantiles (relative error <= alpha); null when no latency was reported. */
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly latencyP99Ms: number | null;
}

export function serviceHealthMetrics(state: ServiceHealthState): ServiceHealthMetrics {
  const [p50 = null, p95 = null, p99 = null] = state.latency.quantiles([0.5, 0.95, 0.99]);
  const n = state.latency.count;
  return {
    throughput: state.count,
    errorCount: state.errorCount,
    errorRate: state.count === 0 ? null : state.errorCount / state.count,
    latencyCount: n,
    latencyMeanMs: n === 0 ? null : state.latency.sum / n,
    latencyP50Ms: p50,
    latencyP95Ms: p95,
    latencyP99Ms: p99,
  };
}

/** The window store's aggregate for service health (states change in place on add). */
export function serviceHealthAggregate(options: LatencySketchOptions = {}): MergeableAggregate<HealthEvent, ServiceHealthState> {
  new LatencySketch(options); // checks the options once, up front
  return {
    empty: () => new ServiceHealthState(options),
    add: (state, event) => state.add(event),
    merge: (a, b) => ServiceHealthState.merge(a, b),
    toJSON: (state) => state.toJSON(),
    fromJSON: (json) => ServiceHealthState.fromJSON(json),
  };
}
