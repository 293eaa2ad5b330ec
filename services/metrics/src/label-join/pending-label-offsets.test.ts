import { describe, expect, it } from 'vitest';
import type { GroundTruthRecord } from '@modelwatch/core';
import { PendingLabelOffsets } from './pending-label-offsets.ts';

const label = (id: string): GroundTruthRecord => ({ eventId: `e-${id}`, modelId: 'm', predictionId: id, labelValue: null, labelClass: '1', timestampMs: 0 });

describe('PendingLabelOffsets', () => {
  it('holds the commit at the oldest label still pending, per partition', () => {
    const offsets = new PendingLabelOffsets();
    const pending = new Set(['a', 'b']);
    offsets.track(0, 5, label('a'));
    offsets.track(0, 9, label('b'));
    offsets.track(1, 3, label('c'));
    const isPending = (l: GroundTruthRecord) => pending.has(l.predictionId);
    expect(offsets.commitOffset(0, 20, isPending)).toBe(5);
    pending.delete('a');
    expect(offsets.commitOffset(0, 20, isPending)).toBe(9);
    pending.delete('b');
    expect(offsets.commitOffset(0, 20, isPending)).toBe(20);
    expect(offsets.commitOffset(1, 7, isPending)).toBe(7);
    expect(offsets.commitOffset(2, 4, isPending)).toBe(4);
  });

  it('keeps the first offset of a label read twice', () => {
    const offsets = new PendingLabelOffsets();
    offsets.track(0, 2, label('a'));
    offsets.track(0, 8, label('a'));
    expect(offsets.commitOffset(0, 10, () => true)).toBe(2);
  });
});
