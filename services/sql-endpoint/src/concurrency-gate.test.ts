import { describe, expect, it } from 'vitest';
import { ConcurrencyGate, type ConcurrencyLimits } from './concurrency-gate.ts';

const limits = (overrides: Partial<ConcurrencyLimits> = {}): ConcurrencyLimits => ({
  maxRunning: 2,
  reservedForWriters: 0,
  maxRunningPerUser: 2,
  maxQueued: 10,
  maxQueuedPerUser: 10,
  queueTimeoutMs: 1000,
  ...overrides,
});
const admin = { name: 'admin', readonly: false };
const ana = { name: 'ana', readonly: true };
const bob = { name: 'bob', readonly: true };

describe('ConcurrencyGate', () => {
  it('runs up to the limit and queues the rest in order', async () => {
    const gate = new ConcurrencyGate(limits());
    const a = await gate.acquire(admin);
    const b = await gate.acquire(admin);
    const order: string[] = [];
    const c = gate.acquire(admin).then((release) => (order.push('c'), release));
    const d = gate.acquire(admin).then((release) => (order.push('d'), release));
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
    const gate = new ConcurrencyGate(limits({ maxRunning: 1, maxQueued: 1, queueTimeoutMs: 20 }));
    const held = await gate.acquire(admin);
    const waiting = gate.acquire(admin);
    await expect(gate.acquire(admin)).rejects.toMatchObject({ code: 202, type: 'TOO_MANY_SIMULTANEOUS_QUERIES' });
    await expect(waiting).rejects.toMatchObject({ code: 202 });
    held();
    expect(gate.active).toBe(0);
  });

  it('keeps a turn for writers: analysts filling theirs never block an admin', async () => {
    const gate = new ConcurrencyGate(limits({ maxRunning: 2, reservedForWriters: 1, maxRunningPerUser: 1 }));
    const first = await gate.acquire(ana);
    let bobRuns = false;
    const second = gate.acquire(bob).then((release) => ((bobRuns = true), release));
    await Promise.resolve();
    expect(bobRuns).toBe(false); // the second turn is the writers'
    const adminTurn = await gate.acquire(admin);
    expect(gate.active).toBe(2);
    adminTurn();
    expect(bobRuns).toBe(false);
    first();
    (await second)();
    expect(bobRuns).toBe(true);
  });

  it('gives each user a share: one user waiting for their own limit does not hold up another', async () => {
    const gate = new ConcurrencyGate(limits({ maxRunning: 3, maxRunningPerUser: 1 }));
    const anaFirst = await gate.acquire(ana);
    let anaSecondRuns = false;
    const anaSecond = gate.acquire(ana).then((release) => ((anaSecondRuns = true), release));
    const bobTurn = await gate.acquire(bob); // not behind ana's second query
    expect(anaSecondRuns).toBe(false);
    bobTurn();
    anaFirst();
    (await anaSecond)();
    expect(anaSecondRuns).toBe(true);
  });

  it('limits how many queries one user may have waiting', async () => {
    const gate = new ConcurrencyGate(limits({ maxRunning: 1, maxQueuedPerUser: 1, queueTimeoutMs: 50 }));
    const held = await gate.acquire(ana);
    const waiting = gate.acquire(ana);
    await expect(gate.acquire(ana)).rejects.toMatchObject({ code: 202 });
    const other = gate.acquire(bob); // another user still gets in line
    held();
    (await waiting)();
    (await other)();
  });

  it('refuses limits that would lock analysts out or make no turn', () => {
    expect(() => new ConcurrencyGate(limits({ maxRunning: 1, reservedForWriters: 1 }))).toThrow(/reservedForWriters/);
    expect(() => new ConcurrencyGate(limits({ maxRunning: 0 }))).toThrow(/maxRunning/);
  });
});
