import type { ReferenceProfile } from '@modelwatch/core';
import { versionKey, type ReferenceStore } from './reference-store.ts';

export interface ReferenceCacheOptions {
  /** How long "no reference yet" is believed before asking again. */
  readonly missingTtlMs?: number;
  /** How long a reference is used before asking whether a newer one was uploaded. */
  readonly presentTtlMs?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly profile: ReferenceProfile | null;
  readonly checkedAtMs: number;
}

/**
 * The current reference of each model version the consumer sees, looked up in batches: one
 * query per batch of events for the versions not known or due for a re-check, so an upload or a
 * reference window is picked up within the TTL without a query per event.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly missingTtlMs: number;
  private readonly presentTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly store: Pick<ReferenceStore, 'current'>, options: ReferenceCacheOptions = {}) {
    this.missingTtlMs = options.missingTtlMs ?? 15_000;
    this.presentTtlMs = options.presentTtlMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** Makes sure every version given has a fresh entry. */
  async refresh(versions: Iterable<{ modelId: string; modelVersion: string }>): Promise<void> {
    const now = this.now();
    const due = new Map<string, { modelId: string; modelVersion: string }>();
    for (const v of versions) {
      const key = versionKey(v);
      if (due.has(key)) continue;
      const entry = this.entries.get(key);
      const ttl = entry?.profile ? this.presentTtlMs : this.missingTtlMs;
      if (entry === undefined || now - entry.checkedAtMs >= ttl) due.set(key, { modelId: v.modelId, modelVersion: v.modelVersion });
    }
    if (due.size === 0) return;
    const found = await this.store.current([...due.values()]);
    for (const key of due.keys()) this.entries.set(key, { profile: found.get(key) ?? null, checkedAtMs: now });
  }

  /** The reference known for a version (call `refresh` first); null when it has none yet. */
  get(modelId: string, modelVersion: string): ReferenceProfile | null {
    return this.entries.get(versionKey({ modelId, modelVersion }))?.profile ?? null;
  }

  /** Forgets a version so the next refresh asks again (after a reference was stored here). */
  invalidate(modelId: string, modelVersion: string): void {
    this.entries.delete(versionKey({ modelId, modelVersion }));
  }
}
