import type { GroundTruthRecord } from '@modelwatch/core';
import { EventTimeStore, type StoreLimits } from './event-time-store.ts';
import { outcomeKey, predictionKey } from './keys.ts';

export const DEFAULT_PENDING_LABELS: StoreLimits = { maxEntries: 200_000, maxAgeMs: 7 * 24 * 60 * 60 * 1000 };

export interface PendingLabel {
  readonly label: GroundTruthRecord;
  /** Wall-clock time of the last ClickHouse look-up for its prediction. */
  readonly lookedUpAtMs: number;
}

/**
 * Labels whose prediction was found neither in memory nor in ClickHouse, bounded by count and by
 * label event-time age (oldest evicted first). One entry per label identity
 * (model_id, prediction_id, event_id): a label delivered twice is pending once.
 */
export class PendingLabels {
  private readonly store: EventTimeStore<string, PendingLabel>;
  /** prediction key -> identities of the labels waiting for it. */
  private readonly byPrediction = new Map<string, Set<string>>();

  constructor(limits: StoreLimits = DEFAULT_PENDING_LABELS) {
    this.store = new EventTimeStore(limits, (key, pending) => this.unindex(key, pending.label));
  }

  get size(): number {
    return this.store.size;
  }

  get evicted(): number {
    return this.store.evicted;
  }

  get heapSize(): number {
    return this.store.heapSize;
  }

  has(label: GroundTruthRecord): boolean {
    return this.store.has(outcomeKey(label.modelId, label.predictionId, label.eventId));
  }

  /** Adds (or refreshes the look-up time of) the label. False when it is too old to keep. */
  add(label: GroundTruthRecord, lookedUpAtMs: number): boolean {
    const key = outcomeKey(label.modelId, label.predictionId, label.eventId);
    // Indexed first: storing may evict this very label (the oldest), and eviction unindexes it.
    const pKey = predictionKey(label.modelId, label.predictionId);
    let keys = this.byPrediction.get(pKey);
    if (keys === undefined) this.byPrediction.set(pKey, (keys = new Set()));
    keys.add(key);
    this.store.set(key, { label, lookedUpAtMs }, label.timestampMs);
    return this.store.has(key);
  }

  /** Removes and returns the labels waiting for this prediction. */
  take(modelId: string, predictionId: string): GroundTruthRecord[] {
    const pKey = predictionKey(modelId, predictionId);
    const keys = this.byPrediction.get(pKey);
    if (keys === undefined) return [];
    this.byPrediction.delete(pKey);
    const labels: GroundTruthRecord[] = [];
    for (const key of keys) {
      const pending = this.store.delete(key);
      if (pending !== undefined) labels.push(pending.label);
    }
    return labels;
  }

  /** Labels last looked up at or before `beforeMs`: due for another look-up. */
  lookedUpBefore(beforeMs: number): GroundTruthRecord[] {
    const due: GroundTruthRecord[] = [];
    for (const pending of this.store.values()) if (pending.lookedUpAtMs <= beforeMs) due.push(pending.label);
    return due;
  }

  private unindex(key: string, label: GroundTruthRecord): void {
    const pKey = predictionKey(label.modelId, label.predictionId);
    const keys = this.byPrediction.get(pKey);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) this.byPrediction.delete(pKey);
  }

  /** Prediction ids indexed (exposed so tests can check the index is bounded too). */
  get indexedPredictions(): number {
    return this.byPrediction.size;
  }
}
