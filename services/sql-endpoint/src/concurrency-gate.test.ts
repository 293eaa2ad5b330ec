import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from './concurrency-gate.ts';

describe('ConcurrencyGate', () => {
  it('runs up to the limit and queues the rest in order', async () => {
    const gate = new ConcurrencyGate(2, 10, 1000);
    const a = await gate.acquire();
    const b = await gate.acquire();
    const order: string[] = [];
    const c = gate.acquire().then((release) => (order.push('c'), release));
    const d = gate.acquire().then((release) => (order.push('d'), release));
    expect([gate.active, gate.queued]).toEqual([2, 2]);
    a();
    a(); // releasing twice is harmless
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('refuses with 202 when the queue is full or the wait is too long', async () => {
    const gate = new ConcurrencyGate(1, 1, 20);
    const held = await gate.acquire();
    const waiting = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ code: 202, type: 'TOO_MANY_SIMULTANEOUS_QUERIES' });
    await expect(waiting).rejects.toMatchObject({ code: 202 });
    held();
    expect(gate.active).toBe(0);
  });
});
