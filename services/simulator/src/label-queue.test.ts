import { describe, expect, it } from 'vitest';
import { LabelQueue } from './label-queue.ts';
import { createRandom } from './random.ts';

describe('LabelQueue', () => {
  it('pops what is due, earliest first, ties in push order', () => {
    const q = new LabelQueue<string>();
    q.push(30, 'c');
    q.push(10, 'a');
    q.push(20, 'b1');
    q.push(20, 'b2');
    q.push(50, 'e');
    expect(q.peekDue()).toBe(10);
    expect(q.popBefore(30)).toEqual(['a', 'b1', 'b2']);
    expect(q.size).toBe(2);
    expect(q.popBefore(30)).toEqual([]);
    expect(q.popBefore(100)).toEqual(['c', 'e']);
    expect(q.peekDue()).toBeUndefined();
  });

  it('sorts many random items', () => {
    const r = createRandom('queue');
    const q = new LabelQueue<number>();
    const dues = Array.from({ length: 2000 }, () => r.int(0, 500));
    dues.forEach((d) => q.push(d, d));
    const out = q.popBefore(Infinity);
    expect(out).toEqual([...dues].sort((a, b) => a - b));
  });
});
