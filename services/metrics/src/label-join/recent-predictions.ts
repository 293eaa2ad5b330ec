import type { InferenceRecord } from '@modelwatch/core';
import { EventTimeStore, type StoreLimits } from './event-time-store.ts';
import { preferredPrediction, storedPrediction, type StoredPrediction } from './joined-outcome.ts';
import { predictionKey } from './keys.ts';

export const DEFAULT_RECENT_PREDICTIONS: StoreLimits = { maxEntries: 500_000, maxAgeMs: 6 * 60 * 60 * 1000 };

/**
 * Recent predictions by (model_id, prediction_id), bounded by count and event-time age (oldest
 * evicted first). Older predictions are found in `inference_events` instead.
 */
export class RecentPredictions {
  private readonly store: EventTimeStore<string, StoredPrediction>;

  constructor(limits: StoreLimits = DEFAULT_RECENT_PREDICTIONS) {
    this.store = new EventTimeStore(limits);
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

  /** Stores the prediction and returns the one the join uses for its id (see `preferredPrediction`). */
  add(record: InferenceRecord): StoredPrediction {
    const key = predictionKey(record.modelId, record.predictionId);
    const incoming = storedPrediction(record);
    const existing = this.store.get(key);
    const kept = existing === undefined ? incoming : preferredPrediction(existing, incoming);
    if (kept !== existing) this.store.set(key, kept, kept.timestampMs);
    return kept;
  }

  get(modelId: string, predictionId: string): StoredPrediction | undefined {
    return this.store.get(predictionKey(modelId, predictionId));
  }
}
