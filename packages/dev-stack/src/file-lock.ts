import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevStackError } from './dev-stack-error.ts';
import { isProcessAlive } from './process-identity.ts';

export interface FileLockOptions {
  readonly timeoutMs?: number;
  /** Called once when the lock is busy, e.g. to tell the user what is being waited for. */
  readonly onWait?: (holderPid: number | undefined) => void;
}

/**
 * Runs `fn` while holding an exclusive lock file, so two processes (a CLI and a test run, say)
 * never start or stop the same service at once. A lock left by a dead process is taken over.
 * Not reentrant.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const token = `${process.pid} ${randomUUID()}`;
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, token, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readText(lockFile);
    if (held === undefined) continue; // released between our two calls
    const holderPid = Number(held.split(' ')[0]);
    if (!Number.isInteger(holderPid) || holderPid <= 0 || !isProcessAlive(holderPid)) {
      if (readText(lockFile) === held) removeQuietly(lockFile); // stale: its owner is gone
      continue;
    }
    if (!announced) {
      announced = true;
      options.onWait?.(holderPid);
    }
    if (Date.now() >= deadline) {
      throw new DevStackError(
        'lock-timeout',
        `gave up waiting for ${lockFile}, held by pid ${holderPid}; if that process is not a modelwatch command, delete the file`,
      );
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    if (readText(lockFile) === token) removeQuietly(lockFile);
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
