import type { GroundTruthRecord, InferenceRecord } from '@modelwatch/core';
import type { StoreLimits } from './event-time-store.ts';
import { joinOutcome, type JoinedOutcome, type StoredPrediction } from './joined-outcome.ts';
import { outcomeKey } from './keys.ts';
import { PendingLabels } from './pending-labels.ts';
import type { PredictionLookup } from './prediction-lookup.ts';
import { RecentPredictions } from './recent-predictions.ts';

export interface LabelJoinerOptions {
  readonly lookup: PredictionLookup;
  readonly recentPredictions?: StoreLimits;
  readonly pendingLabels?: StoreLimits;
  /** At most this many prediction ids per look-up query (one query per model per chunk). */
  readonly lookupBatchSize?: number;
  /** A pending label is looked up again by `retryPending` once this long (wall clock) has passed since its last look-up. */
  readonly relookupIntervalMs?: number;
  /** Wall clock, for `joinedAtMs` and the re-look-up schedule. */
  readonly now?: () => number;
}

export interface LabelJoinerStats {
  readonly recentPredictions: number;
  readonly evictedPredictions: number;
  readonly pendingLabels: number;
  /** Labels dropped from the pending store (count or age) without being joined. */
  readonly droppedPendingLabels: number;
  readonly lookupQueries: number;
}

/**
 * Joins ground truth to its prediction by (model_id, prediction_id), whichever arrives first and
 * however late:
 *
 * - a prediction joins the pending labels waiting for it, and stays in `RecentPredictions`;
 * - a label joins a prediction in memory; the others are looked up in ClickHouse, one query per
 *   model per batch (per `lookupBatchSize` ids); those still unmatched become pending;
 * - pending labels join when their prediction arrives through `addPredictions`, or when
 *   `retryPending` (to be called on a timer) finds the prediction in ClickHouse: each pending label
 *   is looked up again at most once per `relookupIntervalMs`, until it joins or is evicted.
 *
 * Outcomes are deduplicated by identity (model_id, prediction_id, label event_id) within a call,
 * and a label delivered twice is pending once. Across calls the same label delivered again is
 * joined again, on purpose: the caller may have failed to store the first outcome and be replaying,
 * and suppressing the repeat would lose it. `joined_outcomes` is keyed on the identity, so the
 * repeat replaces the stored row.
 *
 * A call that throws (a failed look-up) changes no pending state for the labels it was given:
 * replay them.
 */
export class LabelJoiner {
  private readonly recent: RecentPredictions;
  private readonly pending: PendingLabels;
  private readonly lookup: PredictionLookup;
  private readonly lookupBatchSize: number;
  private readonly relookupIntervalMs: number;
  private readonly now: () => number;
  private lookupQueries = 0;

  constructor(options: LabelJoinerOptions) {
    this.lookup = options.lookup;
    this.recent = new RecentPredictions(options.recentPredictions);
    this.pending = new PendingLabels(options.pendingLabels);
    this.lookupBatchSize = options.lookupBatchSize ?? 10_000;
    this.relookupIntervalMs = options.relookupIntervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  stats(): LabelJoinerStats {
    return {
      recentPredictions: this.recent.size,
      evictedPredictions: this.recent.evicted,
      pendingLabels: this.pending.size,
      droppedPendingLabels: this.pending.evicted,
      lookupQueries: this.lookupQueries,
    };
  }

  /** True while the label waits for its prediction. */
  isPending(label: GroundTruthRecord): boolean {
    return this.pending.has(label);
  }

  /** Remembers the predictions and returns the outcomes of the pending labels they complete. */
  addPredictions(records: readonly InferenceRecord[]): JoinedOutcome[] {
    const joinedAt = this.now();
    const outcomes: JoinedOutcome[] = [];
    for (const record of records) {
      const prediction = this.recent.add(record);
      for (const label of this.pending.take(record.modelId, record.predictionId)) outcomes.push(joinOutcome(prediction, label, joinedAt));
    }
    return outcomes;
  }

  /** Joins the labels: in memory first, then one ClickHouse look-up per model; the rest stay pending. */
  async addLabels(records: readonly GroundTruthRecord[]): Promise<JoinedOutcome[]> {
    const out = new OutcomeList();
    const misses: GroundTruthRecord[] = [];
    const missed = new Set<string>();
    for (const label of records) {
      const prediction = this.recent.get(label.modelId, label.predictionId);
      if (prediction !== undefined) {
        out.add(prediction, label, this.now());
        continue;
      }
      const key = outcomeKey(label.modelId, label.predictionId, label.eventId);
      // Already pending: its re-look-up is scheduled; already missed in this batch: one is enough.
      if (this.pending.has(label) || missed.has(key)) continue;
      missed.add(key);
      misses.push(label);
    }
    const found = await this.find(misses);
    const lookedUpAt = this.now();
    for (const label of misses) {
      // Memory again: a prediction may have arrived through addPredictions during the look-up.
      const prediction = this.recent.get(label.modelId, label.predictionId) ?? found.get(label.modelId)?.get(label.predictionId);
      if (prediction !== undefined) out.add(prediction, label, lookedUpAt);
      else this.pending.add(label, lookedUpAt);
    }
    return out.outcomes;
  }

  /**
   * Looks up again, one query per model, the pending labels last looked up at least
   * `relookupIntervalMs` ago, and returns the outcomes of those found.
   */
  async retryPending(): Promise<JoinedOutcome[]> {
    const due = this.pending.lookedUpBefore(this.now() - this.relookupIntervalMs);
    const found = await this.find(due);
    const lookedUpAt = this.now();
    const out = new OutcomeList();
    for (const label of due) {
      if (!this.pending.has(label)) continue; // joined by addPredictions during the look-up
      const prediction = this.recent.get(label.modelId, label.predictionId) ?? found.get(label.modelId)?.get(label.predictionId);
      if (prediction === undefined) {
        this.pending.add(label, lookedUpAt);
        continue;
      }
      for (const waiting of this.pending.take(label.modelId, label.predictionId)) out.add(prediction, waiting, lookedUpAt);
    }
    return out.outcomes;
  }

  /** modelId -> predictionId -> prediction, with one look-up per model per `lookupBatchSize` ids. */
  private async find(labels: readonly GroundTruthRecord[]): Promise<Map<string, Map<string, StoredPrediction>>> {
    const idsByModel = new Map<string, Set<string>>();
    for (const label of labels) {
      let ids = idsByModel.get(label.modelId);
      if (ids === undefined) idsByModel.set(label.modelId, (ids = new Set()));
      ids.add(label.predictionId);
    }
    const found = new Map<string, Map<string, StoredPrediction>>();
    for (const [modelId, idSet] of idsByModel) {
      const ids = [...idSet];
      const byId = new Map<string, StoredPrediction>();
      for (let start = 0; start < ids.length; start += this.lookupBatchSize) {
        this.lookupQueries++;
        for (const [id, p] of await this.lookup.find(modelId, ids.slice(start, start + this.lookupBatchSize))) byId.set(id, p);
      }
      found.set(modelId, byId);
    }
    return found;
  }
}

/** Outcomes of one call, at most one per identity. */
class OutcomeList {
  readonly outcomes: JoinedOutcome[] = [];
  private readonly seen = new Set<string>();

  add(prediction: StoredPrediction, label: GroundTruthRecord, joinedAtMs: number): void {
    const key = outcomeKey(label.modelId, label.predictionId, label.eventId);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.outcomes.push(joinOutcome(prediction, label, joinedAtMs));
  }
}
