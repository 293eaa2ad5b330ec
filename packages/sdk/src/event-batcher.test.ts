import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBatcher, type BatchOutcome } from './event-batcher.ts';
import { BufferFullError, DeliveryError } from './sdk-errors.ts';

type Send = (items: number[]) => Promise<BatchOutcome>;

function batcher(options: { maxEvents?: number; lingerMs?: number; maxBufferedEvents?: number; send?: Send; onError?: (e: Error, items: readonly number[]) => void } = {}) {
  const batches: number[][] = [];
  const send: Send = options.send ?? (async (items) => void batches.push(items));
  const b = new EventBatcher<number>({
    maxEvents: options.maxEvents ?? 3,
    lingerMs: options.lingerMs ?? 100,
    maxBufferedEvents: options.maxBufferedEvents ?? 1000,
    send: async (items) => {
      if (!options.send) batches.push(items);
      return options.send ? send(items) : undefined;
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return { b, batches };
}

describe('EventBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the linger before sending a partial batch', async () => {
    const { b, batches } = batcher({ lingerMs: 100 });
    b.add(1);
    b.add(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);
  });

  it('sends a full batch at once, without lingering', async () => {
    const { b, batches } = batcher({ maxEvents: 3, lingerMs: 10_000 });
    for (let i = 1; i <= 7; i++) b.add(i);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6]]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('keeps one batch in flight and the order of items', async () => {
    let release!: () => void;
    let calls = 0;
    const seen: number[][] = [];
    const { b } = batcher({
      maxEvents: 2,
      lingerMs: 1000,
      send: async (items) => {
        seen.push(items);
        calls += 1;
        if (calls === 1) await new Promise<void>((r) => (release = r));
      },
    });
    b.add(1);
    b.add(2);
    b.add(3);
    b.add(4);
    b.add(5);
    await vi.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([[1, 2]]);
    expect(b.pending).toBe(5);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([[1, 2], [3, 4]]);
    await vi.advanceTimersByTimeAsync(950);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(b.pending).toBe(0);
  });

  it('resolves each item when its batch is acknowledged', async () => {
    const { b } = batcher({ lingerMs: 5 });
    const done = vi.fn();
    b.add(1).then(done);
    await vi.advanceTimersByTimeAsync(4);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalledOnce();
  });

  it('flush() sends without lingering and resolves when all handed in is settled', async () => {
    const { b, batches } = batcher({ lingerMs: 60_000 });
    b.add(1);
    b.add(2);
    await b.flush();
    expect(batches).toEqual([[1, 2]]);
    expect(b.pending).toBe(0);
    await b.flush();
  });

  it('flush() waits for a batch already in flight and the ones queued behind it', async () => {
    let release!: () => void;
    const sent: number[][] = [];
    let first = true;
    const { b } = batcher({
      maxEvents: 2,
      lingerMs: 60_000,
      send: async (items) => {
        sent.push(items);
        if (first) {
          first = false;
          await new Promise<void>((r) => (release = r));
        }
      },
    });
    b.add(1);
    b.add(2);
    b.add(3);
    let flushed = false;
    const flushing = b.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(sent).toEqual([[1, 2], [3]]);
  });

  it('rejects the items of a failed batch, tells onError, and flush() reports it once', async () => {
    const failure = new DeliveryError('broker away', { retriable: true, events: 2 });
    const onError = vi.fn();
    const { b } = batcher({ maxEvents: 2, send: async () => Promise.reject(failure), onError });
    const first = b.add(1);
    const second = b.add(2);
    await expect(first).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);
    expect(onError).toHaveBeenCalledWith(failure, [1, 2]);
    await expect(b.flush()).rejects.toBe(failure);
    await expect(b.flush()).resolves.toBeUndefined();
  });

  it('summarises several failures since the last flush', async () => {
    const { b } = batcher({
      maxEvents: 1,
      lingerMs: 0,
      send: async (items) => Promise.reject(new DeliveryError(`no ${items[0]}`, { retriable: true, events: 1 })),
    });
    b.add(1);
    b.add(2);
    const error = await b.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toMatch(/^2 sends failed \(2 events\); the first: no 1/);
    expect((error as DeliveryError).retriable).toBe(true);
  });

  it('fails single items that the send refused alone', async () => {
    const bad = new Error('does not fit');
    const { b } = batcher({ maxEvents: 2, send: async (items) => items.map((i) => (i === 2 ? bad : null)) });
    const one = b.add(1);
    const two = b.add(2);
    await expect(one).resolves.toBeUndefined();
    await expect(two).rejects.toBe(bad);
    await expect(b.flush()).rejects.toBe(bad);
  });

  it('an ignored rejected item does not become an unhandled rejection', async () => {
    vi.useRealTimers();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { b } = batcher({ lingerMs: 0, send: async () => Promise.reject(new Error('down')) });
      void b.add(1);
      await b.flush().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('refuses items beyond maxBufferedEvents with a retriable error', () => {
    const { b } = batcher({ maxEvents: 2, lingerMs: 1000, maxBufferedEvents: 3, send: () => new Promise(() => undefined) });
    b.add(1);
    b.add(2);
    b.add(3);
    expect(() => b.add(4)).toThrow(BufferFullError);
    try {
      b.add(4);
    } catch (error) {
      expect((error as BufferFullError).retriable).toBe(true);
    }
  });

  it('checks its options', () => {
    const send = async () => undefined;
    expect(() => new EventBatcher({ maxEvents: 0, lingerMs: 1, maxBufferedEvents: 10, send })).toThrow(/maxEvents/);
    expect(() => new EventBatcher({ maxEvents: 1, lingerMs: -1, maxBufferedEvents: 10, send })).toThrow(/lingerMs/);
    expect(() => new EventBatcher({ maxEvents: 5, lingerMs: 1, maxBufferedEvents: 4, send })).toThrow(/maxBufferedEvents/);
  });
});
