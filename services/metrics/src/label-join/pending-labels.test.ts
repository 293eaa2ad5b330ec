import { describe, expect, it } from 'vitest';
import { PendingLabels } from './pending-labels.ts';
import { RecentPredictions } from './recent-predictions.ts';
import { BASE_MS, label, prediction } from './test-records.ts';

describe('PendingLabels', () => {
  it('holds a label delivered twice once, and gives a prediction all labels waiting for it', () => {
    const pending = new PendingLabels({ maxEntries: 10, maxAgeMs: 1e9 });
    pending.add(label('m', 'p1', BASE_MS), 0);
    pending.add(label('m', 'p1', BASE_MS), 0);
    pending.add(label('m', 'p1', BASE_MS + 1, 'no', 'g-correction'), 0);
    pending.add(label('other', 'p1', BASE_MS), 0);
    expect(pending.size).toBe(3);
    expect(pending.take('m', 'p1').map((l) => l.eventId).sort()).toEqual(['g-correction', 'g-p1']);
    expect(pending.size).toBe(1);
    expect(pending.take('m', 'p1')).toEqual([]);
  });

  it('stays bounded by count and age, its prediction index included', () => {
    const pending = new PendingLabels({ maxEntries: 500, maxAgeMs: 60_000 });
    for (let i = 0; i < 50_000; i++) {
      pending.add(label(`m${i % 3}`, `p${i}`, BASE_MS + i * 10 - (i % 7) * 1000), 0);
      expect(pending.size).toBeLessThanOrEqual(500);
    }
    expect(pending.indexedPredictions).toBe(pending.size);
    expect(pending.evicted).toBe(50_000 - 500);
    pending.add(label('m0', 'new', BASE_MS + 10_000_000), 0); // an hour later: everything else is older than 60 s
    expect(pending.size).toBe(1);
    expect(pending.indexedPredictions).toBe(1);
  });

  it('lists the labels due for another look-up', () => {
    const pending = new PendingLabels();
    pending.add(label('m', 'a', BASE_MS), 1000);
    pending.add(label('m', 'b', BASE_MS), 5000);
    expect(pending.lookedUpBefore(2000).map((l) => l.predictionId)).toEqual(['a']);
  });
});

describe('RecentPredictions', () => {
  it('keeps the earliest prediction for an id, and stays bounded', () => {
    const recent = new RecentPredictions({ maxEntries: 100, maxAgeMs: 3_600_000 });
    recent.add(prediction('m', 'p', BASE_MS + 10, 'late'));
    const kept = recent.add(prediction('m', 'p', BASE_MS, 'early'));
    expect(kept.predictionLabel).toBe('early');
    recent.add(prediction('m', 'p', BASE_MS + 20, 'later'));
    expect(recent.get('m', 'p')?.predictionLabel).toBe('early');
    for (let i = 0; i < 10_000; i++) recent.add(prediction('m', `q${i}`, BASE_MS + i));
    expect(recent.size).toBe(100);
    expect(recent.get('m', 'q9999')).toBeDefined();
    expect(recent.get('m', 'q0')).toBeUndefined();
  });
});
