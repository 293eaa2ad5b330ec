import { validateGroundTruthEvent, validateInferenceEvent, type InferenceEvent } from '@modelwatch/core';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import { DEFAULT_OVERSIZED_BYTES, MALFORMED_KINDS } from './malformed-record.ts';
import { MemorySink } from './memory-sink.ts';
import { buildModelCatalog } from './model-catalog.ts';
import { namedScenario } from './named-scenarios.ts';
import { runSimulation } from './run-simulation.ts';
import { parseScenario } from './scenario-parser.ts';
import type { SimulationOptions } from './simulation-options.ts';

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** A clock whose sleeps pass at once and move its time on. */
class FakeClock implements Clock {
  time = 5_000_000;
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.time += ms;
  }
}

async function run(options: Partial<SimulationOptions> & Pick<SimulationOptions, 'seed'>, sink = new MemorySink()) {
  const result = await runSimulation({ models: 3, rate: 20, durationMs: 5 * MIN, speed: Infinity, startTime: START, ...options }, sink);
  return { result, sink };
}

/** One hash of everything a sink received, in order (deep equality of 600 KiB buffers is slow). */
function digest(sink: MemorySink): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(sink.inferences));
  hash.update(JSON.stringify(sink.groundTruths));
  for (const r of sink.raws) hash.update(`${r.topic}\0${r.key}\0`).update(r.bytes);
  return hash.digest('hex');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const offset = (e: { timestamp: number | string }) => (e.timestamp as number) - START;
const between = (events: InferenceEvent[], fromMs: number, toMs: number) => events.filter((e) => offset(e) >= fromMs && offset(e) < toMs);

describe('runSimulation', () => {
  it('gives the same traffic for the same seed, and other traffic for another', async () => {
    const chaos = (seed: number) => namedScenario('chaos', buildModelCatalog(seed, 4), 5 * MIN);
    const a = await run({ seed: 42, models: 4, scenario: chaos(42) });
    const b = await run({ seed: 42, models: 4, scenario: chaos(42) });
    expect(digest(b.sink)).toBe(digest(a.sink));
    expect({ ...b.result, elapsedMs: 0 }).toEqual({ ...a.result, elapsedMs: 0 });
    expect(a.result.malformed.total).toBeGreaterThan(0);

    const other = await run({ seed: 43, models: 4, scenario: chaos(43) });
    expect(other.sink.inferences.slice(0, 20)).not.toEqual(a.sink.inferences.slice(0, 20));

    // Another start time: the same events, shifted, with their own prediction ids.
    const later = await run({ seed: 42, models: 4, scenario: chaos(42), startTime: START + 3_600_000 });
    const strip = (e: InferenceEvent) => ({ ...e, prediction_id: '', timestamp: 0 });
    expect(later.sink.inferences.map(strip)).toEqual(a.sink.inferences.map(strip));
    expect(later.sink.inferences[0]!.timestamp).toBe((a.sink.inferences[0]!.timestamp as number) + 3_600_000);
    expect(later.sink.inferences[0]!.prediction_id).not.toBe(a.sink.inferences[0]!.prediction_id);
  });

  it('keeps the rate and the duration in simulated time', async () => {
    const { result, sink } = await run({ seed: 1, rate: 40, durationMs: 10 * MIN });
    const expected = 40 * 600;
    expect(Math.abs(result.inference - expected)).toBeLessThan(expected * 0.03);
    expect(sink.inferences).toHaveLength(result.inference);
    const offsets = sink.inferences.map(offset);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(10 * MIN);
    for (let m = 0; m < 10; m++) {
      const inMinute = offsets.filter((o) => o >= m * MIN && o < (m + 1) * MIN).length;
      expect(Math.abs(inMinute - 2400), `minute ${m}`).toBeLessThan(240);
    }
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    expect(result.simulatedMs).toBe(10 * MIN);
    expect(result.endTime).toBe(START + 10 * MIN);

    // The counts add up, per model and in total.
    const models = Object.values(result.models);
    expect(models.reduce((a, m) => a + m.inference, 0)).toBe(result.inference);
    expect(models.reduce((a, m) => a + m.labelsSent, 0)).toBe(result.labels.sent);
    expect(sink.groundTruths).toHaveLength(result.labels.sent);
    expect(result.labels.sent + result.labels.withheld + result.labels.pending).toBe(result.inference);
    for (const [id, counts] of Object.entries(result.models)) {
      expect(counts.inference).toBe(sink.inferences.filter((e) => e.model_id === id).length);
      expect(counts.errors).toBe(sink.inferences.filter((e) => e.model_id === id && e.status === 'error').length);
    }
  });

  it('paces simulated time at `speed` times real time', async () => {
    for (const speed of [1, 60]) {
      const clock = new FakeClock();
      const wallStart = clock.time;
      const sent: { wall: number; latest: number }[] = [];
      const sink = new MemorySink();
      const inference = sink.inference.bind(sink);
      sink.inference = async (events) => {
        sent.push({ wall: clock.now(), latest: Math.max(...events.map(offset)) });
        return inference(events);
      };
      const result = await runSimulation({ seed: 2, models: 2, rate: 10, durationMs: 2 * MIN, speed, startTime: START }, sink, { clock });
      expect(result.elapsedMs).toBe((2 * MIN) / speed);
      // Nothing is sent before its time has come on the wall clock, nor long after.
      for (const s of sent) {
        expect(s.wall).toBeGreaterThanOrEqual(wallStart + s.latest / speed);
        expect(s.wall).toBeLessThanOrEqual(wallStart + s.latest / speed + 300);
      }
    }
  });

  it('runs in real time from now by default', async () => {
    const clock = new FakeClock();
    const { inferences } = await (async () => {
      const sink = new MemorySink();
      await runSimulation({ seed: 2, models: 1, rate: 5, durationMs: 10_000 }, sink, { clock });
      return sink;
    })();
    expect(inferences[0]!.timestamp as number).toBeGreaterThanOrEqual(5_000_000);
    expect(inferences.at(-1)!.timestamp as number).toBeLessThan(5_000_000 + 10_000);
    expect(clock.time).toBe(5_000_000 + 10_000);
  });

  it('reports progress and stops early on abort', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await runSimulation({ seed: 3, models: 2, rate: 10, durationMs: 10 * MIN, speed: 60, startTime: START }, new MemorySink(), {
      clock,
      progressIntervalMs: 1000,
      onProgress: (p) => {
        seen.push(p.simulatedMs);
        expect(p.labelsPending).toBeGreaterThanOrEqual(0);
        if (p.simulatedMs >= 5 * MIN) controller.abort();
      },
      signal: controller.signal,
    });
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(result.aborted).toBe(true);
    expect(result.simulatedMs).toBeLessThan(10 * MIN);
    expect(result.inference).toBeLessThan(10 * 600 * 0.7);
  });

  it('starts the scenario over each cycle with repeat, until aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const scenario = parseScenario({ problems: [{ kind: 'error-burst', rate: 1, from: '0s', to: '30s' }] }, 2 * MIN);
    const sink = new MemorySink();
    const result = await runSimulation({ seed: 8, models: 2, rate: 10, durationMs: 2 * MIN, speed: 60, startTime: START, scenario, repeat: true }, sink, {
      clock,
      signal: controller.signal,
      progressIntervalMs: 100,
      onProgress: (p) => {
        if (p.simulatedMs >= 7 * MIN) controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    expect(result.simulatedMs).toBeGreaterThanOrEqual(7 * MIN);
    for (let cycle = 0; cycle < 3; cycle++) {
      const burst = between(sink.inferences, cycle * 2 * MIN, cycle * 2 * MIN + 30_000);
      const calm = between(sink.inferences, cycle * 2 * MIN + 30_000, (cycle + 1) * 2 * MIN);
      expect(burst.every((e) => e.status === 'error')).toBe(true);
      expect(calm.filter((e) => e.status === 'error').length).toBeLessThan(calm.length * 0.05);
    }
  });

  it('stops with the sink\'s error', async () => {
    const sink = new MemorySink();
    sink.groundTruth = async () => {
      throw new Error('broker down');
    };
    await expect(run({ seed: 4 }, sink)).rejects.toThrow('broker down');
  });

  it('refuses options that cannot run', async () => {
    await expect(run({ seed: 1, rate: 0 })).rejects.toThrow(/rate must be a positive number/);
    await expect(run({ seed: 1, models: 0 })).rejects.toThrow(/models must be a whole number/);
  });

  it('sends only valid events, and malformed records that fail for their reason', async () => {
    const models = buildModelCatalog(5, 8);
    const { result, sink } = await run({ seed: 5, models: 8, rate: 30, scenario: namedScenario('chaos', models, 5 * MIN) });
    for (const e of sink.inferences) {
      const checked = validateInferenceEvent(e);
      expect(checked.ok, checked.ok ? '' : checked.reason).toBe(true);
    }
    for (const e of sink.groundTruths) expect(validateGroundTruthEvent(e).ok).toBe(true);
    const tasks = new Set(sink.inferences.map((e) => typeof e.prediction));
    expect(tasks).toEqual(new Set(['string', 'number']));
    expect(sink.inferences.some((e) => e.attributions)).toBe(true);
    expect(sink.inferences.some((e) => Object.values(e.features).includes(null))).toBe(true);
    expect(sink.inferences.some((e) => Object.values(e.features).some((v) => typeof v === 'boolean'))).toBe(true);

    expect(sink.raws).toHaveLength(result.malformed.total);
    expect(result.malformed.total / result.inference).toBeGreaterThan(0.01);
    expect(result.malformed.byTopic.inference + result.malformed.byTopic['ground-truth']).toBe(result.malformed.total);
    for (const kind of MALFORMED_KINDS) expect(result.malformed.byKind[kind], kind).toBeGreaterThan(0);
    let oversized = 0;
    for (const raw of sink.raws) {
      if (raw.bytes.length > DEFAULT_OVERSIZED_BYTES) {
        oversized++;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(raw.bytes));
      } catch {
        continue;
      }
      const checked = raw.topic === 'inference' ? validateInferenceEvent(parsed) : validateGroundTruthEvent(parsed);
      expect(checked.ok).toBe(false);
    }
    expect(oversized).toBe(result.malformed.byKind.oversized);
  });
});

describe('injected problems', () => {
  it('shifts a drifted feature inside its window only, and the concept drift costs accuracy', async () => {
    const scenario = parseScenario(
      {
        problems: [
          { kind: 'covariate-drift', models: ['product-categorizer'], features: ['title_length'], shift: 2, from: '10m', to: '20m' },
          { kind: 'concept-drift', models: ['product-categorizer'], from: '20m' },
          { kind: 'error-burst', models: ['delivery-eta'], rate: 0.5, from: '5m', to: '6m' },
          { kind: 'latency-spike', models: ['fraud-detector'], factor: 10, from: '25m', to: '27m' },
        ],
      },
      30 * MIN,
    );
    const { sink } = await run({ seed: 6, durationMs: 30 * MIN, scenario, labels: { delay: { kind: 'fixed', ms: 1000 }, neverFraction: 0 } });
    const of = (id: string) => sink.inferences.filter((e) => e.model_id === id);

    const products = of('product-categorizer');
    const titles = (from: number, to: number) => between(products, from, to).map((e) => e.features['title_length'] as number);
    const before = titles(0, 10 * MIN);
    const inside = titles(10 * MIN, 20 * MIN);
    const after = titles(20 * MIN, 30 * MIN);
    expect(mean(before)).toBeCloseTo(58, -1);
    expect(mean(inside) - mean(before)).toBeGreaterThan(30);
    expect(Math.abs(mean(after) - mean(before))).toBeLessThan(2);
    expect(quantile(inside, 0.5)).toBeGreaterThan(quantile(before, 0.9));
    // A feature not named, and another model, are untouched.
    const prices = (from: number, to: number) => between(products, from, to).map((e) => e.features['price'] as number).filter((p) => p !== null);
    expect(quantile(prices(10 * MIN, 20 * MIN), 0.5) / quantile(prices(0, 10 * MIN), 0.5)).toBeCloseTo(1, 1);
    const distances = (from: number, to: number) => between(of('delivery-eta'), from, to).map((e) => e.features['distance_km'] as number);
    expect(quantile(distances(10 * MIN, 20 * MIN), 0.5) / quantile(distances(0, 10 * MIN), 0.5)).toBeCloseTo(1, 1);

    const labels = new Map(sink.groundTruths.map((g) => [g.prediction_id, g.label]));
    const accuracy = (events: InferenceEvent[]) => events.filter((e) => labels.get(e.prediction_id) === e.prediction).length / events.length;
    const accBefore = accuracy(between(products, 0, 10 * MIN));
    const accAfter = accuracy(between(products, 20 * MIN, 30 * MIN));
    expect(accBefore).toBeGreaterThan(0.55);
    expect(accAfter).toBeLessThan(accBefore - 0.3);
    // The other models keep their accuracy.
    const churnless = of('fraud-detector');
    expect(Math.abs(accuracy(between(churnless, 0, 10 * MIN)) - accuracy(between(churnless, 20 * MIN, 30 * MIN)))).toBeLessThan(0.03);

    const errorShare = (from: number, to: number) => {
      const events = between(of('delivery-eta'), from, to);
      return events.filter((e) => e.status === 'error').length / events.length;
    };
    expect(errorShare(5 * MIN, 6 * MIN)).toBeGreaterThan(0.35);
    expect(errorShare(0, 5 * MIN)).toBeLessThan(0.02);
    expect(errorShare(6 * MIN, 30 * MIN)).toBeLessThan(0.02);

    const latency = (from: number, to: number) => quantile(between(of('fraud-detector'), from, to).filter((e) => e.status === 'ok').map((e) => e.latency_ms!), 0.5);
    expect(latency(25 * MIN, 27 * MIN) / latency(0, 25 * MIN)).toBeGreaterThan(7);
    expect(latency(27 * MIN, 30 * MIN) / latency(0, 25 * MIN)).toBeLessThan(1.3);
  });

  it('sends labels after the configured delay, withholding the never-labelled share', async () => {
    const labels = { delay: { kind: 'lognormal' as const, medianMs: 2 * MIN, sigma: 0.5 }, neverFraction: 0.2 };
    const { result, sink } = await run({ seed: 7, models: 2, rate: 20, durationMs: 10 * MIN, labels, drainLabels: true });
    expect(result.labels.pending).toBe(0);
    expect(result.labels.withheld / result.inference).toBeGreaterThan(0.18);
    expect(result.labels.withheld / result.inference).toBeLessThan(0.22);
    expect(result.labels.sent + result.labels.withheld).toBe(result.inference);
    const times = new Map(sink.inferences.map((e) => [e.prediction_id, e.timestamp as number]));
    const delays = sink.groundTruths.map((g) => (g.timestamp as number) - times.get(g.prediction_id)!);
    expect(quantile(delays, 0.5) / (2 * MIN)).toBeGreaterThan(0.95);
    expect(quantile(delays, 0.5) / (2 * MIN)).toBeLessThan(1.05);
    const logs = delays.map((d) => Math.log(d));
    const m = mean(logs);
    expect(Math.sqrt(mean(logs.map((l) => (l - m) ** 2)))).toBeCloseTo(0.5, 1);
    // Labels go out in time order, each after its prediction was sent.
    const order = sink.groundTruths.map((g) => g.timestamp as number);
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // Without draining, labels due after the end stay pending.
    const short = await run({ seed: 7, models: 2, rate: 20, durationMs: 10 * MIN, labels });
    expect(short.result.labels.pending).toBeGreaterThan(0);
    expect(short.result.labels.sent + short.result.labels.pending).toBe(result.labels.sent);
    expect(Math.max(...short.sink.groundTruths.map((g) => g.timestamp as number))).toBeLessThan(START + 10 * MIN);
  });
});
