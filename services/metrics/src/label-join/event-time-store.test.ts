import { describe, expect, it } from 'vitest';
import { EventTimeStore } from './event-time-store.ts';

describe('EventTimeStore', () => {
  it('evicts the oldest event time first when over the entry count', () => {
    const evicted: string[] = [];
    const store = new EventTimeStore<string, number>({ maxEntries: 3, maxAgeMs: 1e9 }, (k) => evicted.push(k));
    store.set('c', 3, 300);
    store.set('a', 1, 100);
    store.set('b', 2, 200);
    store.set('d', 4, 400);
    expect(evicted).toEqual(['a']);
    store.set('e', 5, 150); // older than everything: evicted at once
    expect(evicted).toEqual(['a', 'e']);
    expect([...store.values()].sort()).toEqual([2, 3, 4]);
  });

  it('evicts by event-time age relative to the newest event seen, and refuses entries already too old', () => {
    const store = new EventTimeStore<string, number>({ maxEntries: 100, maxAgeMs: 1000 });
    store.set('a', 1, 0);
    store.set('b', 2, 500);
    expect(store.size).toBe(2);
    store.set('c', 3, 1200); // cutoff 200: a goes
    expect(store.has('a')).toBe(false);
    expect(store.has('b')).toBe(true);
    expect(store.set('late', 4, 100)).toBe(false);
    expect(store.has('late')).toBe(false);
    expect(store.evicted).toBe(2);
  });

  it('stays bounded, heap included, under any stream of inserts, replacements and deletes', () => {
    const store = new EventTimeStore<number, number>({ maxEntries: 1000, maxAgeMs: 50_000 });
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let maxSize = 0;
    let maxHeapExcess = 0;
    for (let i = 0; i < 200_000; i++) {
      const key = Math.floor(random() * 5000);
      const op = random();
      if (op < 0.3) store.delete(key);
      else store.set(key, i, i - Math.floor(random() * 100_000)); // out of order by up to 100 s
      maxSize = Math.max(maxSize, store.size);
      maxHeapExcess = Math.max(maxHeapExcess, store.heapSize - 2 * store.size);
    }
    expect(maxSize).toBe(1000);
    expect(maxHeapExcess).toBeLessThanOrEqual(65);
  });
});
