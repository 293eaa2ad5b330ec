/** Looks up the offsets of a partition, from `from` on, that are already in the warehouse. */
export type StoredOffsetsLookup = (topic: string, partition: number, from: number) => Promise<Set<number>>;

/**
 * Knows which records of each assigned partition are already stored: those an earlier owner
 * (or this process before a crash) wrote but did not commit. They are looked up once, when a
 * partition's first batch after an assignment arrives, from that batch's first offset to the
 * end, and then skipped batch by batch until every one of them has been passed. The lookup is
 * not limited to the first batch's range because the earlier owner's batches need not line up
 * with this process's: it may have stored past the end of the first batch.
 */
export class ReplayGuard {
  /** Per partition: the stored offsets not yet passed, or null once there are none. */
  private readonly pending = new Map<string, Set<number> | null>();

  constructor(private readonly lookup: StoredOffsetsLookup) {}

  /** Forget everything: partitions may have moved (a rebalance) or a write may have failed. */
  reset(): void {
    this.pending.clear();
  }

  forget(topic: string, partition: number): void {
    this.pending.delete(`${topic}/${partition}`);
  }

  /** The offsets in [first, last] already stored; undefined when there can be none. */
  async storedIn(topic: string, partition: number, first: number, last: number): Promise<ReadonlySet<number> | undefined> {
    const key = `${topic}/${partition}`;
    let stored = this.pending.get(key);
    if (stored === undefined) {
      const found = await this.lookup(topic, partition, first);
      stored = found.size > 0 ? found : null;
      this.pending.set(key, stored);
    }
    if (stored === null) return undefined;
    const inBatch = new Set<number>();
    for (const offset of stored) if (offset >= first && offset <= last) inBatch.add(offset);
    return inBatch;
  }

  /** Called once the batch ending at `last` is durable and committed. */
  passed(topic: string, partition: number, last: number): void {
    const key = `${topic}/${partition}`;
    const stored = this.pending.get(key);
    if (!stored) return;
    for (const offset of stored) if (offset <= last) stored.delete(offset);
    if (stored.size === 0) this.pending.set(key, null);
  }
}
