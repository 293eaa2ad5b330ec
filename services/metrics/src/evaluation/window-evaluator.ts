import {
  addTo, evaluateWindow, ModelWindowState, NullThresholdCache, scoringReference, windowKeyString,
  type MergeableAggregate, type MetricValue, type OutcomeRecord, type ReferenceProfile, type WindowInput, type WindowKey,
} from '@modelwatch/core';
import { versionKey, type ReferenceStore } from '../references/reference-store.ts';
import type { WindowStateStore } from '../windows/window-state-store.ts';
import type { MetricPublisher } from './metric-publisher.ts';
import type { DroppedRow, MetricWriter, WindowMetrics } from './metric-writer.ts';
import type { ModelOptions } from './model-options.ts';
import { outcomeWindowKey, type OutcomeReader } from './outcome-reader.ts';
import type { RecountRequest, WindowRecount } from './window-recount.ts';

export interface WindowEvaluatorParts {
  readonly states: Pick<WindowStateStore, 'readMerged'>;
  readonly outcomes: Pick<OutcomeReader, 'read'>;
  readonly references: Pick<ReferenceStore, 'byId' | 'first'>;
  readonly recount: Pick<WindowRecount, 'count'>;
  readonly writer: Pick<MetricWriter, 'write' | 'deleteUnscored'>;
  readonly publisher?: Pick<MetricPublisher, 'publish'>;
  readonly options: ModelOptions;
  readonly aggregate: MergeableAggregate<WindowInput, ModelWindowState>;
  readonly windowMs: number;
  readonly now?: () => number;
}

/** Profiles kept in memory per cache; past it the cache starts again. */
const MAX_CACHED_REFERENCES = 10_000;

/**
 * Turns complete windows into metric rows: the merge of the window's stored deltas (every
 * partition's close and every correction) plus its labelled outcomes from `joined_outcomes`,
 * scored against the reference the window was counted with. Rows go to `model_metrics` and, one
 * record per window, to the metrics topic. Evaluating a window again gives the same rows when
 * nothing changed, so a repeat after a crash is harmless.
 *
 * A window with events counted before its version had a reference (the reference period, a
 * catch-up or a backfill ahead of the fit, a reference uploaded later) is counted again from its
 * events against a reference (WindowRecount) once the version has one: the one the rest of the
 * window was counted with, else the version's first. So its drift is scored like any other
 * window's, and every later evaluation of it (late labels) scores it against the same reference.
 * Its earlier `no_reference` rows are replaced, and those the scored window has no row for are
 * deleted. A window written as `no_reference` while a reference was being stored is evaluated
 * again at once, so none is left behind by that race.
 */
export class WindowEvaluator {
  private readonly thresholds = new NullThresholdCache();
  private readonly referenceCache = new Map<string, ReferenceProfile>();
  /** First references by versionKey; a version without one is asked again each time. */
  private readonly firstReferences = new Map<string, ReferenceProfile>();
  private readonly now: () => number;

  constructor(private readonly parts: WindowEvaluatorParts) {
    this.now = parts.now ?? Date.now;
  }

  /** Evaluates the windows and stores their metrics; returns the rows written. */
  async evaluate(keys: readonly WindowKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const { rows, unreferenced } = await this.evaluateOnce(keys);
    if (unreferenced.length === 0) return rows;
    // Asked again after the write: a reference stored since the lookup above is seen here, and one
    // stored after this lookup finds these windows' rows already written (UnreferencedWindows).
    const firsts = await this.loadFirstReferences(unreferenced);
    const again = unreferenced.filter((k) => firsts.has(versionKey(k)));
    return again.length === 0 ? rows : rows + (await this.evaluateOnce(again)).rows;
  }

  /** One pass; returns the rows written and the windows scored `no_reference` because their version had none. */
  private async evaluateOnce(keys: readonly WindowKey[]): Promise<{ rows: number; unreferenced: WindowKey[] }> {
    const { parts } = this;
    const states = await parts.states.readMerged(keys);
    const outcomeWindows = new Map<string, { modelId: string; windowStartMs: number }>();
    for (const k of keys) outcomeWindows.set(outcomeWindowKey(k.modelId, k.windowStartMs), { modelId: k.modelId, windowStartMs: k.windowStartMs });
    const outcomes = await parts.outcomes.read([...outcomeWindows.values()]);
    const byId = await this.loadReferences([...states.values()].map((s) => s.referenceId));
    const counted = (state: ModelWindowState | undefined) => (state?.referenceId ? (byId.get(state.referenceId) ?? null) : null);

    // Windows with events counted without a reference: counted again against one, when there is one.
    const partly = keys.filter((k) => (states.get(windowKeyString(k))?.unreferencedInferenceCount ?? 0) > 0);
    const firsts = await this.loadFirstReferences(partly.filter((k) => counted(states.get(windowKeyString(k))) === null));
    const requests: RecountRequest[] = [];
    for (const key of partly) {
      const stored = states.get(windowKeyString(key)) as ModelWindowState;
      const reference = counted(stored) ?? firsts.get(versionKey(key));
      if (reference) requests.push({ key, reference, rejected: stored.rejectedCount });
    }
    const recounted = await parts.recount.count(requests);
    const recountReference = new Map(requests.map((r) => [windowKeyString(r.key), r.reference]));

    const evaluated: WindowMetrics[] = [];
    const dropped: DroppedRow[] = [];
    const unreferenced: WindowKey[] = [];
    for (const key of keys) {
      const id = windowKeyString(key);
      const stored = states.get(id);
      const recount = recounted.get(id);
      const reference = recount ? (recountReference.get(id) as ReferenceProfile) : counted(stored);
      const labelled = (outcomes.get(outcomeWindowKey(key.modelId, key.windowStartMs)) ?? []).filter(
        (o) => o.modelVersion === key.modelVersion && (key.segmentName === '' || o.segments[key.segmentName] === key.segmentValue),
      );
      if (stored === undefined && labelled.length === 0) continue;
      const state = this.withOutcomes(recount ?? stored ?? parts.aggregate.empty(), labelled, reference);
      const scoredAgainst = scoringReference(state, reference);
      const values = evaluateWindow(state, scoredAgainst, parts.options.for(key.modelId), this.thresholds).filter((v) => v.metric !== 'concept_drift');
      evaluated.push({ key, windowEndMs: key.windowStartMs + parts.windowMs, referenceId: scoredAgainst?.referenceId ?? null, values });
      if (recount && stored) dropped.push(...this.unscoredRowsGone(key, stored, labelled, values));
      if (stored && scoredAgainst === null && !recountReference.has(id) && values.some((v) => v.status === 'no_reference')) unreferenced.push(key);
    }
    const computedAt = this.now();
    const rows = await parts.writer.write(evaluated, computedAt);
    await parts.writer.deleteUnscored(dropped, computedAt);
    await parts.publisher?.publish(evaluated, computedAt);
    return { rows, unreferenced };
  }

  private withOutcomes(state: ModelWindowState, labelled: readonly OutcomeRecord[], reference: ReferenceProfile | null): ModelWindowState {
    if (labelled.length === 0) return state;
    let outcomeState = this.parts.aggregate.empty();
    for (const outcome of labelled) outcomeState = addTo(this.parts.aggregate, outcomeState, { kind: 'outcome', outcome, reference });
    return ModelWindowState.merge(state, outcomeState);
  }

  /**
   * The `no_reference` rows an evaluation of the stored state without a reference writes that the
   * scored window has no row for. The stored state only grows (merges add), so these cover every
   * earlier evaluation of it.
   */
  private unscoredRowsGone(key: WindowKey, stored: ModelWindowState, labelled: readonly OutcomeRecord[], values: readonly MetricValue[]): DroppedRow[] {
    const kept = new Set(values.map((v) => JSON.stringify([v.metric, v.feature])));
    return evaluateWindow(this.withOutcomes(stored, labelled, null), null, this.parts.options.for(key.modelId), this.thresholds)
      .filter((v) => v.status === 'no_reference' && !kept.has(JSON.stringify([v.metric, v.feature])))
      .map((v) => ({ key, metric: v.metric, feature: v.feature }));
  }

  /** The profiles of these reference ids that exist (a map of its own: evaluations may run side by side and clear the cache). */
  private async loadReferences(ids: readonly (string | null)[]): Promise<Map<string, ReferenceProfile>> {
    const found = new Map<string, ReferenceProfile>();
    const missing = new Set<string>();
    for (const id of ids) {
      if (id === null) continue;
      const known = this.referenceCache.get(id);
      if (known) found.set(id, known);
      else missing.add(id);
    }
    if (missing.size === 0) return found;
    if (this.referenceCache.size > MAX_CACHED_REFERENCES) this.referenceCache.clear();
    for (const [id, profile] of await this.parts.references.byId([...missing])) {
      this.referenceCache.set(id, profile);
      found.set(id, profile);
    }
    return found;
  }

  /** The first reference of each of these windows' versions that has one, by versionKey. */
  private async loadFirstReferences(keys: readonly WindowKey[]): Promise<Map<string, ReferenceProfile>> {
    const found = new Map<string, ReferenceProfile>();
    const missing = new Map<string, { modelId: string; modelVersion: string }>();
    for (const k of keys) {
      const version = versionKey(k);
      const known = this.firstReferences.get(version);
      if (known) found.set(version, known);
      else missing.set(version, { modelId: k.modelId, modelVersion: k.modelVersion });
    }
    if (missing.size === 0) return found;
    if (this.firstReferences.size > MAX_CACHED_REFERENCES) this.firstReferences.clear();
    for (const [version, profile] of await this.parts.references.first([...missing.values()])) {
      this.firstReferences.set(version, profile);
      found.set(version, profile);
    }
    return found;
  }
}
