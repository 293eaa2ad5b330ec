import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.ts';

const lockPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'lock-')), '.lock');

describe('withFileLock', () => {
  it('serialises holders and removes the lock afterwards', async () => {
    const lock = lockPath();
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock(lock, async () => {
        events.push(`${name} in`);
        await sleep(50);
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner is dead', async () => {
    const lock = lockPath();
    writeFileSync(lock, `${2 ** 22 + 1} stale`);
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 1000 })).toBe('got it');
  });

  it('times out behind a live holder', async () => {
    const lock = lockPath();
    writeFileSync(lock, `${process.pid} someone-else`);
    let waitedFor: number | undefined;
    await expect(
      withFileLock(lock, async () => 'never', { timeoutMs: 300, onWait: (pid) => (waitedFor = pid) }),
    ).rejects.toMatchObject({ code: 'lock-timeout' });
    expect(waitedFor).toBe(process.pid);
  });

  it('releases the lock when fn throws', async () => {
    const lock = lockPath();
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });
});
