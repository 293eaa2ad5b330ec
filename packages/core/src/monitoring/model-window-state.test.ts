import { describe, expect, it } from 'vitest';
import { fitCategoricalProfile } from '../drift/categorical-profile.ts';
import { fitNumericProfile } from '../drift/numeric-profile.ts';
import { seededRandom, type SeededRandom } from '../drift/seeded-random.ts';
import type { InferenceRecord } from '../events/inference-event.ts';
import { classificationMetrics } from '../performance/classification-metrics.ts';
import { regressionMetrics } from '../performance/regression-metrics.ts';
import { RegressionState } from '../performance/regression-state.ts';
import { numericBinIndex } from '../drift/numeric-profile.ts';
import { fitReferenceProfile } from './fit-reference-profile.ts';
import { ClassificationState } from '../performance/classification-state.ts';
import { modelWindowAggregate } from './model-window-aggregate.ts';
import { ExactSum, ModelWindowState } from './model-window-state.ts';
import type { ReferenceProfile } from './reference-profile.ts';
import type { OutcomeRecord, WindowInput } from './window-input.ts';

function normal(r: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

function makeReference(referenceId: string, seed = 1): ReferenceProfile {
  const r = seededRandom(seed);
  const xs = Array.from({ length: 2000 }, () => normal(r));
  const ys = Array.from({ length: 2000 }, () => 10 + 3 * normal(r));
  const cs = Array.from({ length: 2000 }, () => ['a', 'b', 'c'][r.nextInt(3)] as string);
  const labels = Array.from({ length: 2000 }, () => (r.next() < 0.3 ? '1' : '0'));
  return {
    version: 1,
    modelId: 'm',
    modelVersion: 'v1',
    referenceId,
    source: 'dataset',
    rows: 2000,
    createdAtMs: 0,
    task: 'classification',
    features: {
      x: { profile: fitNumericProfile(xs), sample: [...xs.slice(0, 500)].sort((a, b) => a - b), std: 1 },
      y: { profile: fitNumericProfile(ys), sample: [...ys.slice(0, 500)].sort((a, b) => a - b), std: 3 },
      c: { profile: fitCategoricalProfile(cs) },
    },
    prediction: { profile: fitCategoricalProfile(labels) },
    label: { profile: fitCategoricalProfile(labels) },
    importance: { x: 0.5, y: 0.3, c: 0.2 },
    performance: { rows: 2000, accuracy: 0.8 },
    estimation: { positiveClass: '1', calibrator: { xThresholds: [0, 0.5, 1], yThresholds: [0.1, 0.4, 0.9], xMin: 0, xMax: 1 } },
  };
}

const REF_A = makeReference('ref-a', 1);
const REF_B = makeReference('ref-b', 2);

function inference(r: SeededRandom, i: number, reference: ReferenceProfile | null, shift = 0): WindowInput {
  const p1 = r.next();
  const event: InferenceRecord = {
    eventId: `event-${i}`,
    modelId: 'm',
    modelVersion: 'v1',
    predictionId: `p-${i}`,
    timestampMs: 1000 + i,
    numericFeatures: r.next() < 0.05 ? { y: 10 + 3 * normal(r) } : { x: normal(r) + shift, y: 10 + 3 * normal(r) + 3 * shift },
    categoricalFeatures: r.next() < 0.1 ? { c: 'zzz', extra: 'q' } : { c: ['a', 'b', 'c'][r.nextInt(3)] as string },
    missingFeatures: r.next() < 0.05 ? ['c2'] : [],
    predictionValue: null,
    predictionLabel: p1 > 0.5 ? '1' : '0',
    scores: { '1': p1, '0': 1 - p1 },
    latencyMs: r.next() < 0.1 ? null : 5 + r.next() * 20,
    status: r.next() < 0.03 ? 'error' : 'ok',
    segments: {},
    attributions: r.next() < 0.5 ? { x: normal(r) * 0.37, y: normal(r) * 1e-3, c: r.next() } : {},
  };
  return { kind: 'inference', event, reference };
}

function outcome(r: SeededRandom, i: number, reference: ReferenceProfile | null, regression = false): WindowInput {
  const p1 = r.next();
  const o: OutcomeRecord = {
    modelId: 'm',
    modelVersion: 'v1',
    predictionId: `p-${i}`,
    predictionTimestampMs: 1000 + i,
    predictionValue: regression ? 100 + normal(r) * 7.3 : null,
    predictionLabel: regression ? null : p1 > 0.5 ? '1' : '0',
    scores: regression ? {} : { '1': p1, '0': 1 - p1 },
    segments: {},
    labelValue: regression ? 100 + normal(r) * 7.1 : null,
    labelClass: regression ? null : r.next() < p1 ? '1' : '0',
    labelDelayMs: r.next() * 60_000 - 1000,
  };
  return { kind: 'outcome', outcome: o, reference, ...(r.next() < 0.1 ? { detections: r.next() < 0.5 ? ['adwin'] : ['ddm', 'adwin'] } : {}) };
}

function randomInputs(seed: number, n: number): WindowInput[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const u = r.next();
    const ref = u < 0.1 ? null : u < 0.2 ? REF_B : REF_A;
    const k = r.next();
    if (k < 0.6) return inference(r, i, ref);
    if (k < 0.75) return outcome(r, i, ref);
    if (k < 0.9) return outcome(r, i, ref, true);
    return { kind: 'rejected', modelId: 'm', modelVersion: 'v1', timestampMs: 1000 + i };
  });
}

function shuffle<T>(items: readonly T[], r: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.nextInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function stateOf(inputs: readonly WindowInput[], sampleCapacity = 40): ModelWindowState {
  const s = new ModelWindowState({ sampleCapacity });
  for (const input of inputs) s.add(input);
  return s;
}

const json = (s: ModelWindowState): string => JSON.stringify(s.toJSON());

describe('ModelWindowState', () => {
  const inputs = randomInputs(42, 600);
  const all = stateOf(inputs);

  it('merges to the all-at-once state for random splits, orders and merge trees (deep-equal JSON)', () => {
    const r = seededRandom(7);
    for (let trial = 0; trial < 25; trial++) {
      const groups: WindowInput[][] = Array.from({ length: 1 + r.nextInt(8) }, () => []);
      for (const input of shuffle(inputs, r)) (groups[r.nextInt(groups.length)] as WindowInput[]).push(input);
      let states = groups.map((g) => stateOf(g));
      // Some states go through a JSON round trip (a checkpoint) before merging.
      states = states.map((s) => (r.next() < 0.5 ? ModelWindowState.fromJSON(JSON.parse(json(s))) : s));
      // Merge random pairs until one is left: a random merge tree.
      while (states.length > 1) {
        const i = r.nextInt(states.length);
        const [a] = states.splice(i, 1) as [ModelWindowState];
        const j = r.nextInt(states.length);
        const b = states[j] as ModelWindowState;
        states[j] = r.next() < 0.5 ? ModelWindowState.merge(a, b) : ModelWindowState.merge(b, a);
      }
      expect(json(states[0] as ModelWindowState)).toBe(json(all));
    }
  });

  it('keeps the aggregate laws: empty identity, add == merge with a singleton, associativity, commutativity', () => {
    const agg = modelWindowAggregate({ sampleCapacity: 40 });
    expect(json(agg.merge(all, agg.empty()))).toBe(json(all));
    expect(json(agg.merge(agg.empty(), all))).toBe(json(all));
    const head = stateOf(inputs.slice(0, 300));
    const one = inputs[300] as WindowInput;
    const singleton = agg.empty();
    agg.add(singleton, one);
    const viaMerge = agg.merge(head, singleton);
    const viaAdd = stateOf(inputs.slice(0, 300));
    agg.add(viaAdd, one);
    expect(json(viaAdd)).toBe(json(viaMerge));
    const [a, b, c] = [stateOf(inputs.slice(0, 100)), stateOf(inputs.slice(100, 400)), stateOf(inputs.slice(400))];
    expect(json(agg.merge(agg.merge(a, b), c))).toBe(json(agg.merge(a, agg.merge(b, c))));
    expect(json(agg.merge(a, b))).toBe(json(agg.merge(b, a)));
    // merge does not change its inputs, and later adds to a merged state do not reach them.
    const before = json(a);
    const merged = agg.merge(a, b);
    agg.add(merged, one);
    expect(json(a)).toBe(before);
  });

  it('round-trips JSON exactly, and a restored state keeps counting like the original', () => {
    const text = json(all);
    const restored = ModelWindowState.fromJSON(JSON.parse(text));
    expect(json(restored)).toBe(text);
    const more = randomInputs(43, 50);
    for (const input of more) {
      restored.add(input);
      all.add(input);
    }
    expect(json(restored)).toBe(json(all));
    const agg = modelWindowAggregate({ sampleCapacity: 40 });
    expect(() => modelWindowAggregate({ sampleCapacity: 10 }).fromJSON?.(JSON.parse(text))).toThrow(/sampled values/);
    expect(json(agg.fromJSON?.(JSON.parse(text)) as ModelWindowState)).toBe(text);
  });

  it('counts the parts: events, health, bins, samples, quality, CBPE, labels, detections', () => {
    const s = stateOf(randomInputs(5, 400));
    const j = s.toJSON();
    expect(s.events).toBe(400);
    expect(s.inferenceCount + s.outcomeCount + s.rejectedCount).toBe(400);
    expect(s.health.count).toBe(s.inferenceCount);
    expect(s.referenceId).toBe('ref-a');
    const w = s.driftWindow;
    expect(w).not.toBeNull();
    const x = w?.features.get('x');
    expect((x?.counts.reduce((p, q) => p + q, 0) ?? 0) + (x?.missing ?? 0)).toBe(w?.inferences);
    expect(x?.sample?.size).toBe(40);
    expect(w?.features.get('c')?.counts.length).toBe(4);
    expect(s.quality?.events).toBe(w?.inferences);
    expect(j.references.map((r) => r.referenceId)).toEqual(['ref-a', 'ref-b']);
    expect(s.referenceConflicts).toBe(j.references[1]?.inferences);
    expect(s.labelDelay.count).toBe(s.outcomeCount);
    expect(s.labelDelay.min).toBe(0);
    expect([...s.detections.keys()].sort()).toEqual(['adwin', 'ddm']);
    expect(s.classification?.scoring.kind).toBe('labels'); // outcomes without a reference mix in: labels only
    expect(s.regression?.count).toBeGreaterThan(0);
    expect(s.attributions?.features).toEqual(['c', 'x', 'y']);
    expect(s.unreferencedFeatureCounts().map((c) => c.value)).toEqual(expect.arrayContaining(['c', 'x', 'y']));
    const cbpeRows = w?.cbpeScores ? [...w.cbpeScores.values()].reduce((t, [n, p]) => t + n + p, 0) : 0;
    expect(cbpeRows).toBe(w?.inferences);
  });

  it('keeps binary scoring (ROC AUC, log loss, calibration) when every outcome fits the reference', () => {
    const r = seededRandom(9);
    const s = stateOf(Array.from({ length: 200 }, (_, i) => outcome(r, i, REF_A)));
    const c = s.classification as ClassificationState;
    expect(c.scoring).toEqual({ kind: 'binary', negativeLabel: '0', positiveLabel: '1' });
    const m = classificationMetrics(c);
    expect(m.rocAuc).not.toBeNull();
    expect(m.logLoss).toBeGreaterThan(0);
    expect(m.expectedCalibrationError).not.toBeNull();
    // Same as a ClassificationState fed the same rows (sums to rounding).
    const direct = new ClassificationState({ scoring: c.scoring });
    const r2 = seededRandom(9);
    for (let i = 0; i < 200; i++) {
      const input = outcome(r2, i, REF_A) as Extract<WindowInput, { kind: 'outcome' }>;
      const o = input.outcome;
      direct.add({ actual: o.labelClass as string, predicted: o.predictionLabel as string, score: o.scores['1'] as number });
    }
    const d = classificationMetrics(direct);
    expect(m.accuracy).toBe(d.accuracy);
    expect(m.rocAuc).toBe(d.rocAuc);
    expect(m.logLoss).toBeCloseTo(d.logLoss as number, 12);
    expect(m.expectedCalibrationError).toBeCloseTo(d.expectedCalibrationError as number, 12);
    // A merge with a labels-only state (no reference) drops the scores, in any order.
    const other = stateOf([outcome(r, 1000, null)]);
    expect(ModelWindowState.merge(s, other).classification?.scoring.kind).toBe('labels');
    expect(json(ModelWindowState.merge(s, other))).toBe(json(ModelWindowState.merge(other, s)));
  });

  it('gives the regression metrics of RegressionState over the same rows', () => {
    const r = seededRandom(11);
    const rows = Array.from({ length: 300 }, (_, i) => outcome(r, i, REF_A, true) as Extract<WindowInput, { kind: 'outcome' }>);
    const s = stateOf(rows);
    const direct = new RegressionState();
    for (const { outcome: o } of rows) direct.add(o.labelValue as number, o.predictionValue as number);
    const m = regressionMetrics(s.regression as RegressionState);
    const d = regressionMetrics(direct);
    expect(m.count).toBe(d.count);
    for (const k of ['mae', 'rmse', 'mape', 'r2'] as const) expect(m[k]).toBeCloseTo(d[k] as number, 12);
  });

  describe('reference conflicts', () => {
    const r = seededRandom(3);
    const on = (ref: ReferenceProfile | null, n: number, from: number): ModelWindowState => stateOf(Array.from({ length: n }, (_, i) => inference(r, from + i, ref)));

    it('keeps the drift parts of the reference with more inputs, and counts the dropped events', () => {
      const a = on(REF_A, 5, 0);
      const b = on(REF_B, 3, 100);
      const m = ModelWindowState.merge(b, a);
      expect(m.referenceId).toBe('ref-a');
      expect(m.referenceConflicts).toBe(3);
      expect(m.inferenceCount).toBe(8);
      expect(m.health.count).toBe(8);
      expect(m.quality?.events).toBe(5);
    });

    it('is associative: the winner is decided over the union (5 on A, 3 + 3 on B: B wins in any grouping)', () => {
      const a = on(REF_A, 5, 0);
      const b1 = on(REF_B, 3, 100);
      const b2 = on(REF_B, 3, 200);
      const left = ModelWindowState.merge(ModelWindowState.merge(a, b1), b2);
      const right = ModelWindowState.merge(a, ModelWindowState.merge(b1, b2));
      expect(left.referenceId).toBe('ref-b');
      expect(left.referenceConflicts).toBe(5);
      expect(json(left)).toBe(json(right));
    });

    it('breaks ties by the greater referenceId, and a null reference merges with anything', () => {
      const m = ModelWindowState.merge(on(REF_B, 4, 0), on(REF_A, 4, 100));
      expect(m.referenceId).toBe('ref-b');
      expect(m.referenceConflicts).toBe(4);
      const n = ModelWindowState.merge(on(null, 10, 200), on(REF_A, 2, 300));
      expect(n.referenceId).toBe('ref-a');
      expect(n.referenceConflicts).toBe(0);
      expect(n.unreferencedInferenceCount).toBe(10);
      expect(on(null, 3, 400).referenceId).toBeNull();
      expect(on(null, 3, 400).quality).toBeNull();
    });
  });

  it('refuses malformed JSON', () => {
    expect(() => ModelWindowState.fromJSON({ version: 2 })).toThrow(/version/);
    const j = JSON.parse(json(all));
    j.health.errors = 10 ** 9;
    expect(() => ModelWindowState.fromJSON(j)).toThrow(/more events/);
  });
});

describe('ModelWindowState: text features', () => {
  /** A distinct text of `length` characters. */
  const text = (i: number, length: number) => `${i} `.padEnd(length, 'the invoice is wrong ');
  const reference = fitReferenceProfile({
    modelId: 'm', modelVersion: 'v1', source: 'dataset', createdAtMs: 0,
    rows: Array.from({ length: 1000 }, (_, i) => ({ numeric: {}, categorical: { ticket: text(i, 300 + ((i * 7919) % 4000)), queue: i % 2 ? 'billing' : 'tech' } })),
  });
  const ticketEdges = reference.features['ticket']?.profile.kind === 'numeric' ? reference.features['ticket'].profile.edges : [];

  function textInputs(seed: number, n: number): { inputs: WindowInput[]; lengths: (number | null)[] } {
    const r = seededRandom(seed);
    const lengths: (number | null)[] = [];
    const inputs = Array.from({ length: n }, (_, i): WindowInput => {
      const u = r.next();
      const length = u < 0.8 ? 257 + r.nextInt(6000) : u < 0.9 ? 1 + r.nextInt(256) : null;
      lengths.push(length);
      const categoricalFeatures: Record<string, string> = { queue: r.next() < 0.2 ? text(i, 300 + r.nextInt(3000)) : r.next() < 0.5 ? 'billing' : 'tech' };
      if (length !== null) categoricalFeatures['ticket'] = text(i, length);
      const event: InferenceRecord = {
        eventId: `t-${seed}-${i}`, modelId: 'm', modelVersion: 'v1', predictionId: `t-${i}`, timestampMs: 1000 + i,
        numericFeatures: length === null && r.next() < 0.5 ? { ticket: 7 } : {},
        categoricalFeatures, missingFeatures: [], predictionValue: null, predictionLabel: 'urgent', scores: {},
        latencyMs: null, status: 'ok', segments: {}, attributions: {},
      };
      return { kind: 'inference', event, reference };
    });
    return { inputs, lengths };
  }

  it('counts a text feature by its lengths into the reference bins and sample, a number or absence as missing', () => {
    const { inputs, lengths } = textInputs(3, 300);
    const w = stateOf(inputs, 1000).driftWindow;
    const ticket = w?.features.get('ticket');
    const expected = new Array<number>(ticket?.counts.length ?? 0).fill(0);
    for (const n of lengths) if (n !== null) expected[numericBinIndex(ticketEdges, n)]! += 1;
    expect(ticket?.kind).toBe('numeric');
    expect(ticket?.counts).toEqual(expected);
    expect(ticket?.missing).toBe(lengths.filter((n) => n === null).length);
    expect([...(ticket?.sample?.sortedValues() ?? [])]).toEqual(lengths.filter((n): n is number => n !== null).sort((a, b) => a - b));
    // A text in a categorical feature is no category: it goes to the "other" bin.
    const queue = w?.features.get('queue');
    const texts = inputs.filter((x) => x.kind === 'inference' && (x.event.categoricalFeatures['queue']?.length ?? 0) > 256).length;
    expect(queue?.counts[queue.counts.length - 1]).toBe(texts);
    const quality = w?.quality.features;
    expect(quality?.get('queue')).toMatchObject({ kind: 'categorical', text: texts });
    expect(quality?.get('queue')?.unseen?.total).toBe(0);
    expect(quality?.get('ticket')).toMatchObject({ kind: 'text', text: lengths.filter((n) => n !== null && n > 256).length });
  });

  it('holds thousands of distinct texts as counts: the state stays small and merges to the all-at-once state', () => {
    const { inputs } = textInputs(4, 3000);
    const textBytes = inputs.reduce((t, x) => t + (x.kind === 'inference' ? Object.values(x.event.categoricalFeatures).reduce((u, v) => u + v.length, 0) : 0), 0);
    expect(textBytes).toBeGreaterThan(7_000_000);
    const all = stateOf(inputs);
    expect(json(all).length).toBeLessThan(10_000);
    const r = seededRandom(11);
    for (let trial = 0; trial < 5; trial++) {
      const groups: WindowInput[][] = Array.from({ length: 2 + r.nextInt(5) }, () => []);
      for (const input of shuffle(inputs, r)) (groups[r.nextInt(groups.length)] as WindowInput[]).push(input);
      const merged = groups.map((g) => ModelWindowState.fromJSON(JSON.parse(json(stateOf(g))))).reduce((a, b) => ModelWindowState.merge(a, b));
      expect(json(merged)).toBe(json(all));
    }
  });
});

describe('ExactSum', () => {
  it('is exact and canonical whatever the order', () => {
    const r = seededRandom(1);
    const xs = Array.from({ length: 2000 }, () => (r.next() - 0.5) * 10 ** (r.nextInt(40) - 20));
    xs.push(1e300, -1e300, 5e-324, -(2 ** 64), 0.1, 0.2, -0.3);
    const a = new ExactSum();
    for (const x of xs) a.add(x);
    const b = new ExactSum();
    const c = new ExactSum();
    shuffle(xs, r).forEach((x, i) => (i % 3 ? b : c).add(x));
    expect(ExactSum.merge(b, c).toJSON()).toEqual(a.toJSON());
    expect(ExactSum.fromJSON(JSON.parse(JSON.stringify(a))).toJSON()).toEqual(a.toJSON());
    const t = new ExactSum();
    for (const x of [0.1, 0.2, -0.3]) t.add(x);
    expect(t.value).toBe(2 ** -55); // the exact value of 0.1 + 0.2 − 0.3 in doubles
    t.add(-(2 ** -55));
    expect(t.toJSON()).toEqual([]);
    const u = new ExactSum();
    u.add(-(2 ** 64));
    u.add(2 ** 64 - 2048);
    expect(u.value).toBe(-2048);
    expect(() => u.add(Infinity)).toThrow(RangeError);
  });
});
