import type { NotificationReason } from '../notification.ts';

/**
 * Alertmanager's notification log (nflog): per aggregation group and receiver, what was last
 * notified. The dedup stage compares a flush against it, so a restart with a restored log does
 * not notify again what was already notified.
 */
export interface NotificationLogEntry {
  readonly groupKey: string;
  readonly receiver: string;
  /** When the receiver was last notified by the dedup stage (repeats count from here). */
  readonly timestamp: number;
  /** Fingerprints notified as firing / as resolved. */
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  /** modelwatch: when this firing episode first notified alerts that may escalate; escalation is due `after` later. */
  readonly escalationArmedAt?: number;
  /** modelwatch: who acknowledged this firing episode, and when. */
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: number;
}

/** What the dedup stage decides for one flush: a notification reason, or `none`. */
export type DedupReason = Extract<
  NotificationReason,
  'first_notification' | 'new_alerts_in_group' | 'new_resolved_alerts' | 'all_alerts_resolved' | 'repeat_interval_elapsed'
> | 'none';

export interface DedupOptions {
  readonly repeatIntervalMs: number;
  readonly sendResolved: boolean;
  readonly now: number;
}

/**
 * Alertmanager's DedupStage.needsUpdate (notify/dedup_stage.go), given the fingerprints of the
 * firing and resolved alerts about to be sent.
 */
export function dedupReason(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  options: DedupOptions,
): DedupReason {
  if (!entry) return firing.size > 0 ? 'first_notification' : 'none';
  if (!isSubset(firing, entry.firing)) {
    // The last notification was a resolution: this is a new episode.
    return entry.firing.length === 0 ? 'first_notification' : 'new_alerts_in_group';
  }
  if (firing.size === 0) {
    // Sent whatever send_resolved says, so the receiver's firing set gets cleared; alerts that
    // fired and resolved between two flushes were never told, so nothing is said about them.
    return entry.firing.length > 0 ? 'all_alerts_resolved' : 'none';
  }
  if (options.sendResolved && !isSubset(resolved, entry.resolved)) return 'new_resolved_alerts';
  // Alertmanager compares wall-clock send times strictly; on a deterministic clock `>=` gives what
  // its docs promise: a repeat_interval that is a multiple of group_interval repeats on time.
  return options.now - entry.timestamp >= options.repeatIntervalMs ? 'repeat_interval_elapsed' : 'none';
}

function isSubset(subset: ReadonlySet<string>, of: readonly string[]): boolean {
  const set = new Set(of);
  return [...subset].every((fp) => set.has(fp));
}

export class NotificationLog {
  private readonly byKey = new Map<string, NotificationLogEntry>();

  get(groupKey: string, receiver: string): NotificationLogEntry | undefined {
    return this.byKey.get(keyOf(groupKey, receiver));
  }

  /** The dedup decision for this group and receiver, against the last entry. */
  reason(groupKey: string, receiver: string, firing: ReadonlySet<string>, resolved: ReadonlySet<string>, options: DedupOptions): DedupReason {
    return dedupReason(this.get(groupKey, receiver), firing, resolved, options);
  }

  /** Stores the entry, replacing the group and receiver's previous one. */
  record(entry: NotificationLogEntry): void {
    this.byKey.set(keyOf(entry.groupKey, entry.receiver), entry);
  }

  /** Every entry, for persisting; `restore` takes them back. */
  entries(): NotificationLogEntry[] {
    return [...this.byKey.values()];
  }

  /** Loads saved entries; a newer entry for the same group and receiver wins, as in Alertmanager's merge. */
  restore(entries: Iterable<NotificationLogEntry>): void {
    for (const entry of entries) {
      const current = this.get(entry.groupKey, entry.receiver);
      if (!current || current.timestamp <= entry.timestamp) this.record(entry);
    }
  }

  /** Drops entries last written before `before` (Alertmanager's retention). Returns how many. */
  prune(before: number): number {
    let dropped = 0;
    for (const [key, entry] of this.byKey) {
      if (entry.timestamp < before && (entry.acknowledgedAt ?? 0) < before) {
        this.byKey.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}

function keyOf(groupKey: string, receiver: string): string {
  return `${receiver}\u0000${groupKey}`;
}
