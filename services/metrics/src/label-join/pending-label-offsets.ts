import type { GroundTruthRecord } from '@modelwatch/core';

/**
 * The Kafka offsets of labels still waiting for their prediction, per ground-truth partition.
 * Pending labels live in memory only, so a partition is committed no further than its oldest
 * pending label: after a crash the label is read again instead of being lost.
 */
export class PendingLabelOffsets {
  private readonly byPartition = new Map<number, Map<string, { readonly label: GroundTruthRecord; readonly offset: number }>>();

  track(partition: number, offset: number, label: GroundTruthRecord): void {
    let labels = this.byPartition.get(partition);
    if (labels === undefined) {
      labels = new Map();
      this.byPartition.set(partition, labels);
    }
    const key = labelKey(label);
    if (!labels.has(key)) labels.set(key, { label, offset });
  }

  /**
   * The offset to commit for a partition whose records up to `nextOffset` were processed: the
   * oldest label still pending (as `isPending` says; joined or evicted ones are forgotten here).
   */
  commitOffset(partition: number, nextOffset: number, isPending: (label: GroundTruthRecord) => boolean): number {
    const labels = this.byPartition.get(partition);
    if (labels === undefined) return nextOffset;
    let oldest = nextOffset;
    for (const [key, { label, offset }] of labels) {
      if (!isPending(label)) labels.delete(key);
      else oldest = Math.min(oldest, offset);
    }
    return oldest;
  }

  /** Forgets the partitions that moved to another consumer. */
  retain(assigned: ReadonlySet<number>): void {
    for (const partition of [...this.byPartition.keys()]) if (!assigned.has(partition)) this.byPartition.delete(partition);
  }
}

function labelKey(label: GroundTruthRecord): string {
  return JSON.stringify([label.modelId, label.predictionId, label.eventId]);
}
