import {
  evaluateWindow, ModelWindowState, NullThresholdCache, scoringReference, windowKeyString,
  type MergeableAggregate, type ReferenceProfile, type WindowInput, type WindowKey,
} from '@modelwatch/core';
import type { ReferenceStore } from '../references/reference-store.ts';
import type { WindowStateStore } from '../windows/window-state-store.ts';
import type { MetricPublisher } from './metric-publisher.ts';
import type { MetricWriter, WindowMetrics } from './metric-writer.ts';
import type { ModelOptions } from './model-options.ts';
import { outcomeWindowKey, type OutcomeReader } from './outcome-reader.ts';

export interface WindowEvaluatorParts {
  readonly states: Pick<WindowStateStore, 'readMerged'>;
  readonly outcomes: Pick<OutcomeReader, 'read'>;
  readonly references: Pick<ReferenceStore, 'byId'>;
  readonly writer: Pick<MetricWriter, 'write'>;
  readonly publisher?: Pick<MetricPublisher, 'publish'>;
  readonly options: ModelOptions;
  readonly aggregate: MergeableAggregate<WindowInput, ModelWindowState>;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * Turns complete windows into metric rows: the merge of the window's stored deltas (every
 * partition's close and every correction) plus its labelled outcomes from `joined_outcomes`,
 * scored against the reference the window was counted with. Rows go to `model_metrics` and, one
 * record per window, to the metrics topic. Evaluating a window again gives the same rows when
 * nothing changed, so a repeat after a crash is harmless.
 */
export class WindowEvaluator {
  private readonly thresholds = new NullThresholdCache();
  private readonly referenceCache = new Map<string, ReferenceProfile>();
  private readonly now: () => number;

  constructor(private readonly parts: WindowEvaluatorParts) {
    this.now = parts.now ?? Date.now;
  }

  /** Evaluates the windows and stores their metrics; returns the rows written. */
  async evaluate(keys: readonly WindowKey[]): Promise<number> {
    if (keys.length === 0) return 0;
    const { parts } = this;
    const states = await parts.states.readMerged(keys);
    const outcomeWindows = new Map<string, { modelId: string; windowStartMs: number }>();
    for (const k of keys) outcomeWindows.set(outcomeWindowKey(k.modelId, k.windowStartMs), { modelId: k.modelId, windowStartMs: k.windowStartMs });
    const outcomes = await parts.outcomes.read([...outcomeWindows.values()]);
    await this.loadReferences([...states.values()].map((s) => s.referenceId));

    const evaluated: WindowMetrics[] = [];
    for (const key of keys) {
      const stored = states.get(windowKeyString(key));
      const reference = stored?.referenceId ? (this.referenceCache.get(stored.referenceId) ?? null) : null;
      let state = stored ?? parts.aggregate.empty();
      const labelled = (outcomes.get(outcomeWindowKey(key.modelId, key.windowStartMs)) ?? []).filter(
        (o) => o.modelVersion === key.modelVersion && (key.segmentName === '' || o.segments[key.segmentName] === key.segmentValue),
      );
      if (stored === undefined && labelled.length === 0) continue;
      if (labelled.length > 0) {
        let outcomeState = parts.aggregate.empty();
        for (const outcome of labelled) outcomeState = parts.aggregate.add(outcomeState, { kind: 'outcome', outcome, reference }) ?? outcomeState;
        state = ModelWindowState.merge(state, outcomeState);
      }
      const scoredAgainst = scoringReference(state, reference);
      const values = evaluateWindow(state, scoredAgainst, parts.options.for(key.modelId), this.thresholds).filter((v) => v.metric !== 'concept_drift');
      evaluated.push({ key, windowEndMs: key.windowStartMs + parts.windowMs, referenceId: scoredAgainst?.referenceId ?? null, values });
    }
    const computedAt = this.now();
    const rows = await parts.writer.write(evaluated, computedAt);
    await parts.publisher?.publish(evaluated, computedAt);
    return rows;
  }

  private async loadReferences(ids: readonly (string | null)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is string => id !== null && !this.referenceCache.has(id)))];
    if (missing.length === 0) return;
    if (this.referenceCache.size > 10_000) this.referenceCache.clear();
    for (const [id, profile] of await this.parts.references.byId(missing)) this.referenceCache.set(id, profile);
  }
}
