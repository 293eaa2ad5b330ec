import { describe, expect, it } from 'vitest';
import {
  addTo, DEFAULT_MONITORING_OPTIONS, evaluateWindow, fitReferenceProfile, loadConfig, modelWindowAggregate, referenceRowFromInference, validateInferenceEvent,
  windowKeyString, type InferenceRecord, type ModelWindowState, type ReferenceProfile, type WindowKey,
} from '@modelwatch/core';
import { versionKey } from '../references/reference-store.ts';
import type { DroppedRow, WindowMetrics } from './metric-writer.ts';
import { ModelOptions } from './model-options.ts';
import type { RecountRequest } from './window-recount.ts';
import { WindowEvaluator } from './window-evaluator.ts';

const START = Date.UTC(2026, 10, 6);
const MINUTE = 60_000;
const aggregate = modelWindowAggregate();

function event(i: number, shift = 0, extra = true): InferenceRecord {
  const result = validateInferenceEvent({
    model_id: 'm', model_version: 'v1', prediction_id: `p${i}`, timestamp: START + (i % 600) * 100,
    features: { amount: ((i * 37) % 100) + shift, ...(extra ? { extra: i % 10 } : {}) }, prediction: i % 4 === 0 ? 'fraud' : 'legit',
  });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

const events = Array.from({ length: 600 }, (_, i) => event(i, 30));
const reference = fitReferenceProfile({
  modelId: 'm', modelVersion: 'v1', source: 'dataset', createdAtMs: 1,
  rows: Array.from({ length: 2000 }, (_, i) => referenceRowFromInference(event(i, 0, false))),
});
const key: WindowKey = { modelId: 'm', modelVersion: 'v1', segmentName: '', segmentValue: '', windowStartMs: START };

function counted(with_: ReferenceProfile | null, from = 0, to = events.length): ModelWindowState {
  let state = aggregate.empty();
  for (const e of events.slice(from, to)) state = addTo(aggregate, state, { kind: 'inference', event: e, reference: with_ });
  return state;
}

/** An evaluator over fakes: stored states, first references (by lookup), a recount from `events`. */
function evaluator(stored: ModelWindowState, firsts: (lookup: number) => ReferenceProfile[]) {
  let lookups = 0;
  const written: WindowMetrics[][] = [];
  const dropped: DroppedRow[][] = [];
  const recounts: RecountRequest[][] = [];
  const published: WindowMetrics[][] = [];
  const e = new WindowEvaluator({
    states: { readMerged: async () => new Map([[windowKeyString(key), stored]]) },
    outcomes: { read: async () => new Map() },
    references: {
      byId: async (ids) => new Map(ids.filter((id) => id === reference.referenceId).map((id) => [id, reference])),
      first: async (versions) => new Map(firsts(lookups++).filter((r) => versions.some((v) => versionKey(v) === versionKey(r))).map((r) => [versionKey(r), r])),
    },
    recount: {
      count: async (requests) => {
        recounts.push([...requests]);
        return new Map(requests.map((r) => [windowKeyString(r.key), counted(r.reference)]));
      },
    },
    writer: {
      write: async (windows) => {
        written.push([...windows]);
        return windows.reduce((n, w) => n + w.values.length, 0);
      },
      deleteUnscored: async (rows) => void dropped.push([...rows]),
    },
    publisher: { publish: async (windows) => void published.push([...windows]) },
    options: new ModelOptions(loadConfig({ env: {} }).metrics),
    aggregate,
    windowMs: MINUTE,
  });
  return { e, written, dropped, recounts, published, lookups: () => lookups };
}

const statusOf = (w: WindowMetrics, metric: string, feature = '') => w.values.find((v) => v.metric === metric && v.feature === feature)?.status;

describe('WindowEvaluator and windows counted before their version had a reference', () => {
  it('counts such a window again against the version\'s first reference and scores it like a window counted against it', async () => {
    const { e, written, dropped, recounts, published } = evaluator(counted(null), () => [reference]);
    await e.evaluate([key]);
    expect(recounts).toEqual([[{ key, reference, rejected: 0 }]]);
    const [w] = written[0]!;
    expect(w!.referenceId).toBe(reference.referenceId);
    expect(w!.values).toEqual(evaluateWindow(counted(reference), reference, DEFAULT_MONITORING_OPTIONS).filter((v) => v.metric !== 'concept_drift'));
    expect(statusOf(w!, 'drift', 'amount')).toBe('alert');
    expect(w!.values.some((v) => v.status === 'no_reference')).toBe(false);
    // The feature the reference lacks had a no_reference drift row: it goes, new_feature says it instead.
    expect(dropped).toEqual([[{ key, metric: 'drift', feature: 'extra' }]]);
    expect(statusOf(w!, 'new_feature', 'extra')).toBe('ok');
    expect(published).toEqual(written);
  });

  it('recounts a window partly counted before the reference against the reference the rest was counted with', async () => {
    const mixed = aggregate.merge(counted(null, 0, 100), counted(reference, 100));
    const { e, written, recounts } = evaluator(mixed, () => []);
    await e.evaluate([key]);
    expect(recounts[0]!.map((r) => r.reference.referenceId)).toEqual([reference.referenceId]);
    expect(written[0]![0]!.values).toEqual(evaluateWindow(counted(reference), reference, DEFAULT_MONITORING_OPTIONS).filter((v) => v.metric !== 'concept_drift'));
  });

  it('leaves a window counted against its reference as it is', async () => {
    const { e, written, recounts, dropped } = evaluator(counted(reference), () => [reference]);
    await e.evaluate([key]);
    expect(recounts).toEqual([[]]);
    expect(dropped).toEqual([[]]);
    expect(statusOf(written[0]![0]!, 'drift', 'amount')).toBe('alert');
  });

  it('writes no_reference while the version has none, and evaluates again at once when one was stored meanwhile', async () => {
    const none = evaluator(counted(null), () => []);
    await none.e.evaluate([key]);
    expect(none.lookups()).toBe(2);
    expect(none.written).toHaveLength(1);
    expect(statusOf(none.written[0]![0]!, 'drift', 'amount')).toBe('no_reference');

    // The reference lands between the lookup before the evaluation and the one after its write.
    const raced = evaluator(counted(null), (lookup) => (lookup === 0 ? [] : [reference]));
    await raced.e.evaluate([key]);
    expect(raced.lookups()).toBe(2);
    expect(raced.written.map((batch) => statusOf(batch[0]!, 'drift', 'amount'))).toEqual(['no_reference', 'alert']);
    expect(raced.published.map((batch) => batch[0]!.referenceId)).toEqual([null, reference.referenceId]);
  });
});
